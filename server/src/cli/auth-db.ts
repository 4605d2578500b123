// Shared plumbing of `vigil user` and `vigil token`: option parsing, the database of the
// configured data folder (--config, VIGIL_DATA), and turning errors into exit codes.
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { authStoresFor, type AuthStores } from '../api/auth/auth-stores';
import { TokenAdminService } from '../api/auth/token-admin.service';
import { UserAdminService } from '../api/auth/user-admin.service';
import { formatProblem, loadConfig } from '../config/load';
import { systemClock } from '../lib/clock';
import { errorMessage, isAppError } from '../lib/errors';
import { createLogger } from '../lib/logger';
import { closeDatabase, openDatabase } from '../storage/database';

export interface AuthAdmin {
  users: UserAdminService;
  tokens: TokenAdminService;
  stores: AuthStores;
  dataDir: string;
}

/** Exit codes: 0 done, 1 refused (unknown user, last admin, weak password), 2 usage or config. */
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

export const COMMON_OPTIONS = {
  config: { type: 'string', short: 'c' },
  json: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

export function parseCommand<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(errorMessage(e));
  }
}

/** Opens the configured database, runs `fn`, closes; maps errors to messages and exit codes. */
export async function runWithAuthDb(command: string, usage: string, configFile: string | undefined, fn: (admin: AuthAdmin) => Promise<number> | number): Promise<number> {
  const res = loadConfig(configFile);
  if (!res.ok) {
    for (const p of res.problems) process.stderr.write(`${formatProblem(p)}\n`);
    process.stderr.write(`vigil ${command}: invalid config ${res.file ?? ''}\n`);
    return EXIT_USAGE;
  }
  const dataDir = path.resolve(res.config.storage.path);
  const log = createLogger({ level: 'warn' });
  let db;
  try {
    db = openDatabase({ dataDir, log }).db;
  } catch (e) {
    process.stderr.write(`vigil ${command}: ${errorMessage(e)}\n`);
    return EXIT_REFUSED;
  }
  try {
    const stores = authStoresFor(db, systemClock);
    return await fn({ users: new UserAdminService(stores), tokens: new TokenAdminService(stores), stores, dataDir });
  } catch (e) {
    return reportError(command, usage, e);
  } finally {
    closeDatabase(db);
  }
}

export function reportError(command: string, usage: string, e: unknown): number {
  if (e instanceof UsageError) {
    process.stderr.write(`vigil ${command}: ${e.message}\nusage: ${usage}\n`);
    return EXIT_USAGE;
  }
  if (isAppError(e)) {
    process.stderr.write(`vigil ${command}: ${e.message}\n`);
    return EXIT_REFUSED;
  }
  throw e;
}

/** The first line of stdin (for --password-stdin), without its line ending. */
export async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

export function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function outJson(doc: unknown): void {
  process.stdout.write(`${JSON.stringify(doc)}\n`);
}

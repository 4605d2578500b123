// `vigil token create|list|revoke`: API tokens for integrations, in the configured database.
// The token value is printed once, at creation; only its SHA-256 is stored.
import type { Command } from '../cli';
import { COMMON_OPTIONS, UsageError, out, outJson, parseCommand, reportError, runWithAuthDb } from './auth-db';

const USAGE = [
  'vigil token create <user> [--name N] [--json]',
  '       vigil token list [--json]',
  '       vigil token revoke <id> [--json]',
  '  (all take --config PATH; VIGIL_DATA overrides the data folder)',
].join('\n');

const OPTIONS = { ...COMMON_OPTIONS, name: { type: 'string' } } as const;

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, OPTIONS);
  const [sub, ...args] = positionals;
  const json = values.json === true;
  switch (sub) {
    case 'create': {
      const user = args[0];
      if (!user || args.length !== 1) throw new UsageError('create needs exactly one <user>');
      const name = values.name ?? 'cli';
      return runWithAuthDb('token', USAGE, values.config, ({ tokens }) => {
        const t = tokens.create(user, name);
        if (json) outJson(t);
        else {
          out(`created token ${t.id} "${t.name}" for ${t.username} (shown only this once):`);
          out(t.token);
        }
        return 0;
      });
    }
    case 'list':
      if (args.length > 0) throw new UsageError('list takes no arguments');
      return runWithAuthDb('token', USAGE, values.config, ({ tokens }) => {
        const list = tokens.list();
        if (json) outJson(list);
        else if (list.length === 0) out('no API tokens');
        else {
          for (const t of list) {
            const used = t.last_used_at === null ? 'never used' : `last used ${new Date(t.last_used_at * 1000).toISOString()}`;
            out(`${String(t.id).padStart(4)}  ${t.username.padEnd(16)} ${t.revoked ? 'revoked' : 'active '}  ${used}  ${t.name}`);
          }
        }
        return 0;
      });
    case 'revoke': {
      const id = Number(args[0]);
      if (args.length !== 1 || !Number.isSafeInteger(id) || id <= 0) throw new UsageError('revoke needs one numeric token <id> (see vigil token list)');
      return runWithAuthDb('token', USAGE, values.config, ({ tokens }) => {
        const t = tokens.revoke(id);
        if (json) outJson(t);
        else out(`token ${t.id} "${t.name}" of ${t.username} revoked`);
        return 0;
      });
    }
    default:
      throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'missing subcommand');
  }
}

export const tokenCommand: Command = {
  summary: 'Manage API tokens: create (printed once), list, revoke.',
  usage: USAGE,
  async run(argv) {
    try {
      return await run(argv);
    } catch (e) {
      return reportError('token', USAGE, e);
    }
  },
};

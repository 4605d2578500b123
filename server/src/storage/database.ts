// Opens (or creates) `<data>/vigil.db`: private file modes, WAL, synchronous=NORMAL, foreign keys,
// a busy timeout, then the pending migrations. The main process is the one writer.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { systemClock, type Clock } from '../lib/clock';
import { AppError, errorMessage } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { MIGRATIONS, type Migration } from './migrations';
import { migrate, type MigrationResult } from './migrator';

export const DB_FILE = 'vigil.db';
export const BUSY_TIMEOUT_MS = 5000;

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  dataDir: string;
  log?: Logger;
  clock?: Clock;
  /** Tests pass a shorter or longer list to simulate older or newer code. */
  migrations?: readonly Migration[];
}

export interface OpenedDatabase {
  db: Db;
  file: string;
  migration: MigrationResult;
}

function ensureDataDir(dir: string): void {
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new AppError('unavailable', `data folder ${dir} is not a directory`);
    return;
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

/** The database file, created 0600 before SQLite sees it; SQLite gives -wal/-shm the same mode. */
function ensurePrivateFile(file: string): boolean {
  const existed = fs.existsSync(file);
  if (!existed) fs.closeSync(fs.openSync(file, 'wx', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
  }
  return existed;
}

function applyPragmas(db: Db, file: string): void {
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (String(mode).toLowerCase() !== 'wal') throw new Error(`journal_mode stayed ${String(mode)}`);
  } catch (e) {
    const msg = errorMessage(e);
    if (/not a database|file is encrypted/i.test(msg)) throw new AppError('unavailable', `${file} is not a SQLite database`);
    throw new AppError('unavailable', `cannot use ${file}: ${msg}`);
  }
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}

export function openDatabase(opts: OpenDatabaseOptions): OpenedDatabase {
  const clock = opts.clock ?? systemClock;
  ensureDataDir(opts.dataDir);
  const file = path.join(opts.dataDir, DB_FILE);
  ensurePrivateFile(file);
  let db: Db;
  try {
    db = new Database(file);
  } catch (e) {
    throw new AppError('unavailable', `cannot open ${file}: ${errorMessage(e)}`);
  }
  try {
    applyPragmas(db, file);
    const migration = migrate(db, opts.migrations ?? MIGRATIONS, { file, now: clock.now() });
    if (migration.backup) opts.log?.info({ backup: migration.backup, from: migration.from }, 'database backed up before migrating');
    if (migration.applied.length > 0) opts.log?.info({ from: migration.from, to: migration.to }, 'database migrated');
    return { db, file, migration };
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Lets SQLite refresh its statistics, then closes (the last close checkpoints the WAL). */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  try {
    db.pragma('optimize');
  } finally {
    db.close();
  }
}

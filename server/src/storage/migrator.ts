// Applies numbered forward-only migrations, each in its own transaction, tracked in
// `schema_migrations`. An existing database is copied aside before its first pending migration.
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { AppError } from '../lib/errors';
import type { Migration } from './migrations';

export interface MigrationResult {
  from: number;
  to: number;
  applied: number[];
  /** Path of the copy taken before migrating, or null (fresh database or nothing to do). */
  backup: string | null;
}

export interface MigrateOptions {
  /** Database file, for naming the backup; null for in-memory databases (no backup). */
  file: string | null;
  /** Epoch ms, for the backup name. */
  now: number;
}

/** Programmer errors in the migration list would corrupt every database: fail loudly. */
export function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
}

export function currentSchemaVersion(db: Database.Database): number {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!has) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/** `vigil.db.bak-<version>-<UTC time>`: a consistent copy via VACUUM INTO, mode 0600. */
export function backupDatabase(db: Database.Database, file: string, version: number, now: number): string {
  const stamp = new Date(now).toISOString().replace(/:/g, '-');
  let target = `${file}.bak-${version}-${stamp}`;
  for (let n = 1; fs.existsSync(target); n++) target = `${file}.bak-${version}-${stamp}-${n}`;
  // VACUUM INTO accepts an existing empty file: creating it first keeps it private from the start.
  fs.closeSync(fs.openSync(target, 'wx', 0o600));
  try {
    db.prepare('VACUUM INTO ?').run(target);
  } catch (e) {
    fs.rmSync(target, { force: true });
    throw e;
  }
  return target;
}

export function migrate(db: Database.Database, migrations: readonly Migration[], opts: MigrateOptions): MigrationResult {
  checkMigrationList(migrations);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  const from = currentSchemaVersion(db);
  if (from === 0 && tables.length > 0 && !tables.includes('schema_migrations')) {
    throw new AppError('unavailable', `${opts.file ?? 'database'} holds tables but no schema_migrations: not a Vigil database`);
  }
  const latest = migrations.length;
  if (from > latest) {
    throw new AppError(
      'unsupported',
      `database schema version ${from} is newer than this Vigil (knows up to ${latest}): run a newer Vigil, or restore a ${opts.file ?? 'vigil.db'}.bak-* copy`,
    );
  }
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from, applied: [], backup: null };

  const backup = from > 0 && opts.file ? backupDatabase(db, opts.file, from, opts.now) : null;
  const record = () => db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of pending) {
    db.transaction(() => {
      db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at REAL NOT NULL)');
      db.exec(m.sql);
      record().run(m.version, m.name, opts.now / 1000);
    })();
  }
  return { from, to: latest, applied: pending.map((m) => m.version), backup };
}

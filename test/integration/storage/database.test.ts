import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { closeDatabase, openDatabase } from '../../../server/src/storage/database';
import { MIGRATIONS, type Migration } from '../../../server/src/storage/migrations';
import { ManualClock } from '../../../server/src/lib/clock';
import { AppError } from '../../../server/src/lib/errors';
import { tempDir } from './storage-fixture';

const mode = (f: string) => fs.statSync(f).mode & 0o777;

/** A second schema version, to play "newer code" against a version-1 file. */
const addNotes: Migration = { version: 2, name: 'notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);' };

function expectAppError(fn: () => unknown, code: string, message: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe(code);
    expect((e as AppError).message).toMatch(message);
    return;
  }
  throw new Error('expected an AppError');
}

describe('database', () => {
  let root: string;
  beforeEach(() => {
    root = tempDir();
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('creates the data folder (0700) and the database (0600) with WAL, NORMAL sync, foreign keys and every table', () => {
    const dataDir = path.join(root, 'nested', 'data');
    const { db, file, migration } = openDatabase({ dataDir, clock: new ManualClock(1_700_000_000_000) });
    expect(mode(dataDir)).toBe(0o700);
    expect(file).toBe(path.join(dataDir, 'vigil.db'));
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('k', 'v');
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f)).toBe(0o600);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(migration).toEqual({ from: 0, to: MIGRATIONS.length, applied: MIGRATIONS.map((m) => m.version), backup: null });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining(['events', 'recording_segments', 'recording_gaps', 'webhook_outbox', 'users', 'api_tokens', 'sessions', 'meta', 'schema_migrations']),
    );
    expect(db.prepare('SELECT version, name, applied_at FROM schema_migrations').all()).toEqual([{ version: 1, name: 'initial', applied_at: 1_700_000_000 }]);
    closeDatabase(db);
    expect(fs.readdirSync(dataDir).filter((f) => f.includes('.bak-'))).toEqual([]);
  });

  it('reopening applies nothing, makes no backup and keeps the data', () => {
    const first = openDatabase({ dataDir: root });
    first.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('install_id', 'abc');
    closeDatabase(first.db);
    const again = openDatabase({ dataDir: root });
    expect(again.migration).toEqual({ from: 1, to: 1, applied: [], backup: null });
    expect(again.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get('install_id')).toBe('abc');
    expect(again.db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(1);
    closeDatabase(again.db);
    expect(fs.readdirSync(root).filter((f) => f.includes('.bak-'))).toEqual([]);
  });

  it('copies an older database aside (0600, still at its version) before migrating it', () => {
    const old = openDatabase({ dataDir: root });
    old.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('install_id', 'old-one');
    closeDatabase(old.db);

    const clock = new ManualClock(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    const upgraded = openDatabase({ dataDir: root, clock, migrations: [...MIGRATIONS, addNotes] });
    expect(upgraded.migration.from).toBe(1);
    expect(upgraded.migration.applied).toEqual([2]);
    const backup = upgraded.migration.backup as string;
    expect(backup).toBe(path.join(root, 'vigil.db.bak-1-2024-01-02T03-04-05.678Z'));
    expect(mode(backup)).toBe(0o600);
    expect(upgraded.db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(2);
    upgraded.db.prepare('INSERT INTO notes (text) VALUES (?)').run('new table works');
    closeDatabase(upgraded.db);

    const copy = new Database(backup, { readonly: true });
    expect(copy.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(1);
    expect(copy.prepare('SELECT value FROM meta').pluck().get()).toBe('old-one');
    expect(copy.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'notes'").pluck().get()).toBe(0);
    copy.close();
  });

  it('refuses a database newer than the code, leaving it untouched', () => {
    closeDatabase(openDatabase({ dataDir: root, migrations: [...MIGRATIONS, addNotes] }).db);
    expectAppError(() => openDatabase({ dataDir: root }), 'unsupported', /schema version 2 is newer than this Vigil \(knows up to 1\)/);
    const check = new Database(path.join(root, 'vigil.db'), { readonly: true });
    expect(check.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(2);
    check.close();
  });

  it('rolls a failing migration back completely', () => {
    closeDatabase(openDatabase({ dataDir: root }).db);
    const broken: Migration = { version: 2, name: 'broken', sql: 'CREATE TABLE half (a INTEGER); INSERT INTO no_such_table VALUES (1);' };
    expect(() => openDatabase({ dataDir: root, migrations: [...MIGRATIONS, broken] })).toThrow(/no_such_table/);
    const { db } = openDatabase({ dataDir: root });
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(1);
    closeDatabase(db);
  });

  it('names a file that is not a SQLite database', () => {
    fs.writeFileSync(path.join(root, 'vigil.db'), 'this is not sqlite, just some text that is long enough to look like a header');
    expectAppError(() => openDatabase({ dataDir: root }), 'unavailable', /vigil\.db is not a SQLite database/);
  });

  it('refuses a SQLite file that is not a Vigil database', () => {
    const other = new Database(path.join(root, 'vigil.db'));
    other.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY)');
    other.close();
    expectAppError(() => openDatabase({ dataDir: root }), 'unavailable', /not a Vigil database/);
  });

  it('refuses a data folder that is a file', () => {
    const file = path.join(root, 'data');
    fs.writeFileSync(file, '');
    expectAppError(() => openDatabase({ dataDir: file }), 'unavailable', /is not a directory/);
  });

  it('rejects a migration list with holes', () => {
    expect(() => openDatabase({ dataDir: root, migrations: [addNotes] })).toThrow(/expected 1/);
  });
});

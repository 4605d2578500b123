// Temp data folders with a real vigil.db for the storage integration tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDatabase, openDatabase, type Db } from '../../../server/src/storage/database';
import { ManualClock } from '../../../server/src/lib/clock';

export interface StorageFixture {
  dir: string;
  db: Db;
  clock: ManualClock;
  close(): void;
}

export function tempDir(prefix = 'vigil-storage-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh data folder and database; the clock starts at 2024-06-01T00:00:00Z. */
export function openFixture(startMs = Date.UTC(2024, 5, 1)): StorageFixture {
  const dir = tempDir();
  const clock = new ManualClock(startMs);
  const { db } = openDatabase({ dataDir: dir, clock });
  return {
    dir,
    db,
    clock,
    close() {
      closeDatabase(db);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes a file of `bytes` bytes under the data folder (creating folders). */
export function writeMedia(dir: string, rel: string, bytes = 100): string {
  const abs = path.join(dir, ...rel.split('/'));
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, Buffer.alloc(bytes, 1));
  return abs;
}

export function exists(dir: string, rel: string): boolean {
  return fs.existsSync(path.join(dir, ...rel.split('/')));
}

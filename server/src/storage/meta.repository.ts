// Small key/value facts about this installation: its id, whether the last shutdown was clean.
import { randomUUID } from 'node:crypto';
import type { Db } from './database';

export const META_INSTALL_ID = 'install_id';
/** Set to "1" by an orderly shutdown, "0" while running: "0" at startup means a crash. */
export const META_CLEAN_SHUTDOWN = 'clean_shutdown';

export class MetaRepository {
  private readonly getStmt;
  private readonly setStmt;
  private readonly deleteStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
    this.setStmt = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.deleteStmt = db.prepare('DELETE FROM meta WHERE key = ?');
  }

  get(key: string): string | null {
    return (this.getStmt.get(key) as string | undefined) ?? null;
  }

  set(key: string, value: string): void {
    this.setStmt.run(key, value);
  }

  delete(key: string): boolean {
    return this.deleteStmt.run(key).changes > 0;
  }

  /** A random id made once per installation. */
  installId(): string {
    const existing = this.get(META_INSTALL_ID);
    if (existing) return existing;
    const id = randomUUID();
    this.set(META_INSTALL_ID, id);
    return id;
  }

  /**
   * Marks the process as running and tells whether the previous run shut down cleanly
   * (null on the very first start).
   */
  beginRun(): boolean | null {
    const prev = this.get(META_CLEAN_SHUTDOWN);
    this.set(META_CLEAN_SHUTDOWN, '0');
    return prev === null ? null : prev === '1';
  }

  endRun(): void {
    this.set(META_CLEAN_SHUTDOWN, '1');
  }
}

// Prepared statements keyed by SQL text, for queries whose shape depends on which filters or
// fields are present: each distinct shape is prepared once and reused.
import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Db,
    /** Shapes are few (one per filter combination); the cap only guards against a bug. */
    private readonly max = 256,
  ) {}

  get(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      if (this.statements.size >= this.max) this.statements.clear();
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
}

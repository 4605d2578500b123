// API tokens: only the SHA-256 of a token is stored, so a database leak does not leak tokens.
import { systemClock, type Clock } from '../lib/clock';
import { AppError } from '../lib/errors';
import type { Db } from './database';
import type { Role } from './user.repository';

export interface ApiToken {
  id: number;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked: boolean;
}

/** A live token with its owner, as authentication needs it. */
export interface TokenOwner {
  token_id: number;
  user_id: number;
  username: string;
  role: Role;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

type Row = Omit<ApiToken, 'revoked'> & { revoked: number };
const fromRow = (r: Row): ApiToken => ({ ...r, revoked: r.revoked === 1 });

export class TokenRepository {
  private readonly insertStmt;
  private readonly getStmt;
  private readonly findStmt;
  private readonly touchStmt;
  private readonly revokeStmt;
  private readonly listStmt;
  private readonly listUserStmt;

  constructor(
    db: Db,
    private readonly clock: Clock = systemClock,
  ) {
    this.insertStmt = db.prepare('INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)');
    this.getStmt = db.prepare('SELECT * FROM api_tokens WHERE id = ?');
    this.findStmt = db.prepare(
      `SELECT t.id AS token_id, u.id AS user_id, u.username, u.role FROM api_tokens t JOIN users u ON u.id = t.user_id
       WHERE t.token_hash = ? AND t.revoked = 0`,
    );
    this.touchStmt = db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?');
    this.revokeStmt = db.prepare('UPDATE api_tokens SET revoked = 1 WHERE id = ? AND revoked = 0');
    this.listStmt = db.prepare('SELECT * FROM api_tokens ORDER BY created_at, id');
    this.listUserStmt = db.prepare('SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at, id');
  }

  create(userId: number, name: string, tokenHash: string): ApiToken {
    if (!SHA256_HEX.test(tokenHash)) throw new AppError('bad_request', 'token hash must be a lowercase hex SHA-256');
    if (name.trim() === '' || name.length > 100) throw new AppError('bad_request', 'token name: 1-100 characters');
    try {
      const id = Number(this.insertStmt.run(userId, name, tokenHash, this.clock.now() / 1000).lastInsertRowid);
      return this.get(id) as ApiToken;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new AppError('not_found', `no user ${userId}`);
      if (code === 'SQLITE_CONSTRAINT_UNIQUE') throw new AppError('conflict', 'token already exists');
      throw e;
    }
  }

  get(id: number): ApiToken | null {
    const r = this.getStmt.get(id) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  /** The owner of a live (not revoked) token, or null. */
  findByHash(tokenHash: string): TokenOwner | null {
    return (this.findStmt.get(tokenHash) as TokenOwner | undefined) ?? null;
  }

  touch(id: number): void {
    this.touchStmt.run(this.clock.now() / 1000, id);
  }

  revoke(id: number): boolean {
    return this.revokeStmt.run(id).changes > 0;
  }

  list(userId?: number): ApiToken[] {
    return ((userId === undefined ? this.listStmt.all() : this.listUserStmt.all(userId)) as Row[]).map(fromRow);
  }
}

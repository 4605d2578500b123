// Login sessions. The row id is the SHA-256 of the cookie value, so the database alone cannot be
// used to impersonate anyone; the CSRF token is stored as issued (it is sent to the page anyway).
import { systemClock, type Clock } from '../lib/clock';
import { AppError } from '../lib/errors';
import type { Db } from './database';
import type { Role } from './user.repository';

export interface Session {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface SessionWithUser extends Session {
  username: string;
  role: Role;
}

export class SessionRepository {
  private readonly insertStmt;
  private readonly validStmt;
  private readonly deleteStmt;
  private readonly deleteExpiredStmt;
  private readonly deleteUserStmt;

  constructor(
    db: Db,
    private readonly clock: Clock = systemClock,
  ) {
    this.insertStmt = db.prepare('INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)');
    this.validStmt = db.prepare(
      `SELECT s.id, s.user_id, s.csrf_token, s.created_at, s.expires_at, u.username, u.role
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ? AND s.expires_at > ?`,
    );
    this.deleteStmt = db.prepare('DELETE FROM sessions WHERE id = ?');
    this.deleteExpiredStmt = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
    this.deleteUserStmt = db.prepare('DELETE FROM sessions WHERE user_id = ?');
  }

  create(idHash: string, userId: number, csrfToken: string, ttlSeconds: number): Session {
    if (!/^[0-9a-f]{64}$/.test(idHash)) throw new AppError('bad_request', 'session id must be a lowercase hex SHA-256');
    if (!(ttlSeconds > 0)) throw new AppError('bad_request', 'session lifetime must be positive');
    const now = this.clock.now() / 1000;
    try {
      this.insertStmt.run(idHash, userId, csrfToken, now, now + ttlSeconds);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new AppError('not_found', `no user ${userId}`);
      if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new AppError('conflict', 'session already exists');
      throw e;
    }
    return { id: idHash, user_id: userId, csrf_token: csrfToken, created_at: now, expires_at: now + ttlSeconds };
  }

  /** The session and its user if it exists and has not expired. */
  findValid(idHash: string): SessionWithUser | null {
    return (this.validStmt.get(idHash, this.clock.now() / 1000) as SessionWithUser | undefined) ?? null;
  }

  delete(idHash: string): boolean {
    return this.deleteStmt.run(idHash).changes > 0;
  }

  deleteExpired(): number {
    return this.deleteExpiredStmt.run(this.clock.now() / 1000).changes;
  }

  /** Logs a user out everywhere (password change, role change, deletion). */
  deleteForUser(userId: number): number {
    return this.deleteUserStmt.run(userId).changes;
  }
}

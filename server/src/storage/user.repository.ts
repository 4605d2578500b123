// Users: who may log in and with which role. The password hash is produced by the auth module
// (scrypt, with salt and parameters inside the stored string); storage never sees a password.
import { systemClock, type Clock } from '../lib/clock';
import { AppError } from '../lib/errors';
import type { Db } from './database';

export type Role = 'admin' | 'viewer';

export interface User {
  id: number;
  username: string;
  password_hash: string;
  role: Role;
  created_at: number;
  password_changed_at: number;
}

const COLUMNS = 'id, username, password_hash, role, created_at, password_changed_at';
const ROLES: readonly Role[] = ['admin', 'viewer'];

function checkRole(role: Role): void {
  if (!ROLES.includes(role)) throw new AppError('bad_request', `role must be admin or viewer, got ${String(role)}`);
}

export class UserRepository {
  private readonly insertStmt;
  private readonly byNameStmt;
  private readonly byIdStmt;
  private readonly listStmt;
  private readonly passwordStmt;
  private readonly roleStmt;
  private readonly deleteStmt;
  private readonly countStmt;

  constructor(
    db: Db,
    private readonly clock: Clock = systemClock,
  ) {
    this.insertStmt = db.prepare('INSERT INTO users (username, password_hash, role, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?)');
    this.byNameStmt = db.prepare(`SELECT ${COLUMNS} FROM users WHERE username = ?`);
    this.byIdStmt = db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`);
    this.listStmt = db.prepare(`SELECT ${COLUMNS} FROM users ORDER BY username`);
    this.passwordStmt = db.prepare('UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?');
    this.roleStmt = db.prepare('UPDATE users SET role = ? WHERE id = ?');
    this.deleteStmt = db.prepare('DELETE FROM users WHERE id = ?');
    this.countStmt = db.prepare('SELECT COUNT(*) FROM users WHERE (? IS NULL OR role = ?)').pluck();
  }

  create(username: string, passwordHash: string, role: Role): User {
    checkRole(role);
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(username)) throw new AppError('bad_request', 'username: 1-64 letters, digits, ".", "_" or "-"');
    if (passwordHash === '') throw new AppError('bad_request', 'password hash is empty');
    const now = this.clock.now() / 1000;
    try {
      const id = Number(this.insertStmt.run(username, passwordHash, role, now, now).lastInsertRowid);
      return this.findById(id) as User;
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new AppError('conflict', `user ${username} already exists`);
      throw e;
    }
  }

  /** Usernames compare without case: "Admin" and "admin" are one user. */
  findByName(username: string): User | null {
    return (this.byNameStmt.get(username) as User | undefined) ?? null;
  }

  findById(id: number): User | null {
    return (this.byIdStmt.get(id) as User | undefined) ?? null;
  }

  list(): User[] {
    return this.listStmt.all() as User[];
  }

  setPasswordHash(id: number, passwordHash: string): boolean {
    if (passwordHash === '') throw new AppError('bad_request', 'password hash is empty');
    return this.passwordStmt.run(passwordHash, this.clock.now() / 1000, id).changes > 0;
  }

  setRole(id: number, role: Role): boolean {
    checkRole(role);
    return this.roleStmt.run(role, id).changes > 0;
  }

  /** Deleting a user deletes its tokens and sessions (foreign keys cascade). */
  delete(id: number): boolean {
    return this.deleteStmt.run(id).changes > 0;
  }

  count(role?: Role): number {
    return this.countStmt.get(role ?? null, role ?? null) as number;
  }
}

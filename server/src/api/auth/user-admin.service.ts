// Managing users: create, change password or role, delete, with the rule that the last admin can
// never be removed or demoted. Shared by the HTTP API and the `vigil user` command.
import type { CreatedUser, Role, UserInfo } from '../../contracts/auth-api';
import { AppError } from '../../lib/errors';
import type { User } from '../../storage/user.repository';
import type { AuthStores } from './auth-stores';
import { checkNewPassword, hashPassword, verifyPassword } from './password-hash';
import { generatePassword } from './secrets';

export function toUserInfo(u: User): UserInfo {
  return { username: u.username, role: u.role, created_at: u.created_at, password_changed_at: u.password_changed_at };
}

export interface PasswordResult {
  user: UserInfo;
  /** Present when the password was generated: shown to the caller once, stored nowhere. */
  generated?: string;
}

export class UserAdminService {
  constructor(private readonly stores: AuthStores) {}

  list(): UserInfo[] {
    return this.stores.users.list().map(toUserInfo);
  }

  /** The user named `username` (any case), or a not_found error. */
  require(username: string): User {
    const u = this.stores.users.findByName(username);
    if (!u) throw new AppError('not_found', `no user named ${username.slice(0, 64)}`);
    return u;
  }

  /** Creates a user; without `password` a random one is generated and returned once. */
  async create(username: string, role: Role, password?: string): Promise<CreatedUser> {
    const plain = password ?? generatePassword();
    checkNewPassword(plain);
    const user = this.stores.users.create(username, await hashPassword(plain), role);
    return password === undefined ? { ...toUserInfo(user), password: plain } : toUserInfo(user);
  }

  /** Sets a password (admin reset or CLI); every session of the user ends. */
  async setPassword(username: string, password?: string): Promise<PasswordResult> {
    const plain = password ?? generatePassword();
    checkNewPassword(plain);
    const hash = await hashPassword(plain);
    const user = this.require(username);
    this.stores.transaction(() => {
      this.stores.users.setPasswordHash(user.id, hash);
      this.stores.sessions.deleteForUser(user.id);
    });
    const info = toUserInfo(this.require(username));
    return password === undefined ? { user: info, generated: plain } : { user: info };
  }

  /** A user changing their own password: the current one must be right. */
  async changeOwnPassword(userId: number, current: string, next: string): Promise<UserInfo> {
    checkNewPassword(next);
    const user = this.stores.users.findById(userId);
    if (!user) throw new AppError('not_found', 'user no longer exists');
    if (!(await verifyPassword(current, user.password_hash))) throw new AppError('forbidden', 'current password is wrong');
    const hash = await hashPassword(next);
    this.stores.transaction(() => {
      this.stores.users.setPasswordHash(user.id, hash);
      this.stores.sessions.deleteForUser(user.id);
    });
    return toUserInfo(this.stores.users.findById(userId) as User);
  }

  setRole(username: string, role: Role): UserInfo {
    return this.stores.transaction(() => {
      const user = this.require(username);
      if (user.role === 'admin' && role !== 'admin' && this.stores.users.count('admin') <= 1) {
        throw new AppError('conflict', `${user.username} is the last admin: make another user admin first`);
      }
      this.stores.users.setRole(user.id, role);
      return toUserInfo(this.stores.users.findById(user.id) as User);
    });
  }

  /** Deletes a user with its tokens and sessions; never the last admin. */
  delete(username: string): UserInfo {
    return this.stores.transaction(() => {
      const user = this.require(username);
      if (user.role === 'admin' && this.stores.users.count('admin') <= 1) {
        throw new AppError('conflict', `${user.username} is the last admin and cannot be deleted`);
      }
      this.stores.users.delete(user.id);
      return toUserInfo(user);
    });
  }
}

// Login sessions and bearer tokens: checks a password and opens a session, turns a cookie or a
// token back into a principal. Only SHA-256 digests of cookies and tokens reach the database.
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import type { User } from '../../storage/user.repository';
import type { AuthStores } from './auth-stores';
import { burnVerification, hashPassword, needsRehash, verifyPassword } from './password-hash';
import type { Principal } from './principal';
import { API_TOKEN_PREFIX, randomSecret, sha256Hex } from './secrets';

/** last_used_at is written at most this often per token: a busy integration must not write per request. */
export const TOKEN_TOUCH_INTERVAL_MS = 60_000;

export interface OpenedSession {
  /** The cookie value: 32 random bytes, never stored. */
  cookie: string;
  principal: Principal;
  ttlSeconds: number;
}

export class SessionService {
  private readonly touched = new Map<number, number>();

  constructor(
    private readonly stores: AuthStores,
    private readonly opts: { sessionHours: number },
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Checks the password and opens a session; null for an unknown user or a wrong password alike. */
  async login(username: string, password: string): Promise<OpenedSession | null> {
    const user = this.stores.users.findByName(username);
    const ok = user ? await verifyPassword(password, user.password_hash) : await burnVerification(password);
    if (!user || !ok) return null;
    if (needsRehash(user.password_hash)) {
      // Old parameters are upgraded while the plain password is at hand.
      this.stores.users.setPasswordHash(user.id, await hashPassword(password));
      this.log.info({ user: user.username }, 'password hash upgraded to current parameters');
    }
    this.stores.sessions.deleteExpired();
    return this.open(user);
  }

  /** Opens a fresh session for a user already verified (after changing their own password). */
  reopen(userId: number): OpenedSession | null {
    const user = this.stores.users.findById(userId);
    return user ? this.open(user) : null;
  }

  private open(user: User): OpenedSession {
    const cookie = randomSecret(32);
    const csrf = randomSecret(32);
    const ttlSeconds = Math.round(this.opts.sessionHours * 3600);
    const s = this.stores.sessions.create(sha256Hex(cookie), user.id, csrf, ttlSeconds);
    return {
      cookie,
      ttlSeconds,
      principal: { userId: user.id, username: user.username, role: user.role, via: 'session', sessionId: s.id, csrfToken: csrf, expiresAt: s.expires_at },
    };
  }

  logout(sessionId: string): void {
    this.stores.sessions.delete(sessionId);
  }

  /** Ends the session a cookie value names, if any (a new login replaces the old session). */
  endCookie(cookie: string): void {
    if (cookie.length >= 16 && cookie.length <= 256) this.stores.sessions.delete(sha256Hex(cookie));
  }

  /** The principal of a live session cookie, or null (unknown, expired, user deleted). */
  fromCookie(cookie: string): Principal | null {
    if (cookie.length < 16 || cookie.length > 256) return null;
    const s = this.stores.sessions.findValid(sha256Hex(cookie));
    if (!s) return null;
    return { userId: s.user_id, username: s.username, role: s.role, via: 'session', sessionId: s.id, csrfToken: s.csrf_token, expiresAt: s.expires_at };
  }

  /** The principal of a live API token, or null (unknown, revoked, user deleted). */
  fromToken(token: string): Principal | null {
    if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 256) return null;
    const owner = this.stores.tokens.findByHash(sha256Hex(token));
    if (!owner) return null;
    const now = this.clock.now();
    const last = this.touched.get(owner.token_id);
    if (last === undefined || now - last >= TOKEN_TOUCH_INTERVAL_MS) {
      this.touched.set(owner.token_id, now);
      this.stores.tokens.touch(owner.token_id);
    }
    return { userId: owner.user_id, username: owner.username, role: owner.role, via: 'token', tokenId: owner.token_id };
  }
}

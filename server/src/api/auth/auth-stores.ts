// The storage the auth module works on: the user, token and session repositories over one
// database, plus a write transaction for check-then-write rules (never delete the last admin).
import type { Clock } from '../../lib/clock';
import type { Db } from '../../storage/database';
import { SessionRepository } from '../../storage/session.repository';
import { TokenRepository } from '../../storage/token.repository';
import { UserRepository } from '../../storage/user.repository';

export interface AuthStores {
  users: UserRepository;
  tokens: TokenRepository;
  sessions: SessionRepository;
  /** Runs `fn` in an IMMEDIATE transaction, so a CLI process and the server cannot interleave. */
  transaction<T>(fn: () => T): T;
}

export function authStoresFor(db: Db, clock: Clock): AuthStores {
  return {
    users: new UserRepository(db, clock),
    tokens: new TokenRepository(db, clock),
    sessions: new SessionRepository(db, clock),
    transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
  };
}

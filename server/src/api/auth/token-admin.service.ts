// Managing API tokens: create (value shown once), list, revoke. Shared by the HTTP API and the
// `vigil token` command.
import type { CreatedToken, TokenInfo } from '../../contracts/auth-api';
import { AppError } from '../../lib/errors';
import type { ApiToken } from '../../storage/token.repository';
import type { AuthStores } from './auth-stores';
import { newApiToken, sha256Hex } from './secrets';

export class TokenAdminService {
  constructor(private readonly stores: AuthStores) {}

  create(username: string, name: string): CreatedToken {
    const user = this.stores.users.findByName(username);
    if (!user) throw new AppError('not_found', `no user named ${username.slice(0, 64)}`);
    const token = newApiToken();
    const row = this.stores.tokens.create(user.id, name, sha256Hex(token));
    return { ...this.info(row, user.username), token };
  }

  list(): TokenInfo[] {
    const names = new Map(this.stores.users.list().map((u) => [u.id, u.username]));
    return this.stores.tokens.list().map((t) => this.info(t, names.get(t.user_id) ?? '?'));
  }

  /** Revokes token `id`; revoking a revoked token is a no-op, an unknown id is not_found. */
  revoke(id: number): TokenInfo {
    const row = this.stores.tokens.get(id);
    if (!row) throw new AppError('not_found', `no token with id ${id}`);
    this.stores.tokens.revoke(id);
    const owner = this.stores.users.findById(row.user_id);
    return this.info({ ...row, revoked: true }, owner?.username ?? '?');
  }

  private info(t: ApiToken, username: string): TokenInfo {
    return { id: t.id, name: t.name, username, created_at: t.created_at, last_used_at: t.last_used_at, revoked: t.revoked };
  }
}

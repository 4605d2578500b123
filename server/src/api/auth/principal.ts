// Who is making a request. Attached to the request object by the auth middleware and read by
// routes through principalOf(), so no global Request type augmentation is needed.
import type { IncomingMessage } from 'node:http';
import type { AuthMethod, MeResponse, Role } from '../../contracts/auth-api';

export interface Principal {
  /** null for the anonymous principal of disabled auth. */
  userId: number | null;
  username: string;
  role: Role;
  via: AuthMethod;
  /** Session only: the sha256 of the cookie (the session row id) and its CSRF token. */
  sessionId?: string;
  csrfToken?: string;
  /** Session only: end, epoch seconds. */
  expiresAt?: number;
  /** Token only: the api_tokens row id. */
  tokenId?: number;
}

/** With `auth.enabled: false` every request acts as this admin. */
export const ANONYMOUS_ADMIN: Principal = Object.freeze({ userId: null, username: 'anonymous', role: 'admin', via: 'disabled' });

const principals = new WeakMap<IncomingMessage, Principal>();

export function setPrincipal(req: IncomingMessage, p: Principal): void {
  principals.set(req, p);
}

/** The authenticated principal of a request, or null before/without authentication. */
export function principalOf(req: IncomingMessage): Principal | null {
  return principals.get(req) ?? null;
}

export function meOf(p: Principal): MeResponse {
  return {
    username: p.username,
    role: p.role,
    csrf_token: p.via === 'session' ? (p.csrfToken ?? '') : '',
    auth: p.via,
    expires_at: p.via === 'session' ? (p.expiresAt ?? null) : null,
  };
}

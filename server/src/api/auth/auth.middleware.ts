// Express middleware: requireAuth (who is calling; 401 JSON otherwise), csrf (state-changing
// cookie requests must echo the session's CSRF token), requireAdmin (403 JSON for viewers).
import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { AppError } from '../../lib/errors';
import { ANONYMOUS_ADMIN, principalOf, setPrincipal, type Principal } from './principal';
import { credentialsOf, readQueryToken, sameOrigin } from './request-credentials';
import { safeEqual } from './secrets';
import type { SessionService } from './session.service';

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Routes reachable without credentials: health checks and the login itself. */
export function isPublicRoute(req: Request): boolean {
  // Express routing ignores case and a trailing slash, so the check does too.
  const path = `${req.baseUrl}${req.path}`.toLowerCase().replace(/\/+$/, '');
  if (path === '/api/health') return req.method === 'GET' || req.method === 'HEAD';
  if (path === '/api/login') return req.method === 'POST';
  return false;
}

export type Authenticated = { principal: Principal } | { principal: null; reason: string };

/** Resolves the caller of an HTTP request: a bearer token wins over a cookie; no query tokens. */
export function authenticateHttp(req: IncomingMessage, sessions: SessionService, enabled: boolean): Authenticated {
  if (!enabled) return { principal: ANONYMOUS_ADMIN };
  const cred = credentialsOf(req.headers);
  if (cred.bearer !== null) {
    const p = sessions.fromToken(cred.bearer);
    return p ? { principal: p } : { principal: null, reason: 'invalid or revoked API token' };
  }
  if (cred.session !== null) {
    const p = sessions.fromCookie(cred.session);
    return p ? { principal: p } : { principal: null, reason: 'session expired or ended: log in again' };
  }
  return { principal: null, reason: 'login required: log in, or send Authorization: Bearer <token>' };
}

/**
 * Resolves the caller of a WebSocket upgrade: bearer header, `?token=`, or the session cookie.
 * Cookie (and disabled-auth) upgrades must come from our own origin: browsers send cookies on
 * cross-site WebSocket handshakes, and nothing else stops another page from watching the cameras.
 */
export function authenticateUpgradeRequest(req: IncomingMessage, sessions: SessionService, enabled: boolean): Principal | null {
  const cred = credentialsOf(req.headers);
  const token = cred.bearer ?? readQueryToken(req.url);
  if (enabled && token !== null) return sessions.fromToken(token);
  if (!sameOrigin(req.headers, req.headers.host)) return null;
  if (!enabled) return ANONYMOUS_ADMIN;
  return cred.session !== null ? sessions.fromCookie(cred.session) : null;
}

export function requireAuthMiddleware(sessions: SessionService, enabled: boolean): RequestHandler {
  return (req, res, next) => {
    if (isPublicRoute(req)) return next();
    const r = authenticateHttp(req, sessions, enabled);
    if (r.principal === null) {
      res.set('WWW-Authenticate', 'Bearer realm="vigil"');
      return next(new AppError('unauthorized', r.reason));
    }
    setPrincipal(req, r.principal);
    next();
  };
}

export function csrfMiddleware(): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || isPublicRoute(req)) return next();
    const p = principalOf(req);
    if (p?.via === 'session') {
      const sent = req.get(CSRF_HEADER);
      if (!sent || !p.csrfToken || !safeEqual(sent, p.csrfToken)) {
        return next(new AppError('forbidden', 'missing or wrong X-CSRF-Token header (the token is in the login response and GET /api/me)'));
      }
    } else if (p?.via === 'disabled' && !sameOrigin(req.headers, req.host)) {
      // Without auth there is no token to check; still refuse what another site's page sends.
      return next(new AppError('forbidden', 'cross-site request refused'));
    }
    next();
  };
}

export function requireAdminMiddleware(): RequestHandler {
  return (req, _res, next) => {
    const p = principalOf(req);
    if (!p) return next(new AppError('unauthorized', 'login required'));
    if (p.role !== 'admin') return next(new AppError('forbidden', `admin role required (${p.username} is ${p.role})`));
    next();
  };
}

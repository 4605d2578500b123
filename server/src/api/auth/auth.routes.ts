// POST /api/login, POST /api/logout, GET /api/me: the session cookie's life cycle.
import { Router } from 'express';
import { AppError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { parseWith } from '../validate';
import { loginBodySchema } from './auth.schemas';
import { clientKey, type LoginLimiter } from './login-limiter';
import { ANONYMOUS_ADMIN, meOf, principalOf } from './principal';
import { limitedAttempt } from './login-attempt';
import { credentialsOf, sameOrigin } from './request-credentials';
import { clearSessionCookie, setSessionCookie } from './session-cookie';
import type { SessionService } from './session.service';

export interface AuthRouteDeps {
  enabled: boolean;
  sessions: SessionService;
  limiter: LoginLimiter;
  log: Logger;
}

export const LOGIN_FAILED = 'wrong username or password';

export function authRoutes(deps: AuthRouteDeps): Router {
  const r = Router();

  r.post('/login', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    if (!deps.enabled) {
      res.json(meOf(ANONYMOUS_ADMIN));
      return;
    }
    // SameSite=Strict covers the cookie; this stops another site from logging a browser in
    // (login CSRF). Clients that send neither header (curl, integrations) pass.
    if (!sameOrigin(req.headers, req.host)) throw new AppError('forbidden', 'cross-site login refused (Origin does not match this server)');
    const body = parseWith(loginBodySchema, req.body ?? {}, 'body');
    const client = clientKey(req.ip);
    const session = await limitedAttempt(deps.limiter, req, res, () => deps.sessions.login(body.username, body.password));
    if (!session) {
      deps.log.warn({ user: body.username.slice(0, 64), client }, 'failed login');
      throw new AppError('unauthorized', LOGIN_FAILED);
    }
    deps.log.info({ user: session.principal.username, client }, 'login');
    // The browser's previous session (if any) ends: one cookie, one live session.
    const previous = credentialsOf(req.headers).session;
    if (previous !== null) deps.sessions.endCookie(previous);
    setSessionCookie(req, res, session);
    res.json(meOf(session.principal));
  });

  r.post('/logout', (req, res) => {
    const p = principalOf(req);
    if (p?.via === 'session' && p.sessionId) deps.sessions.logout(p.sessionId);
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  r.get('/me', (req, res) => {
    const p = principalOf(req);
    if (!p) throw new AppError('unauthorized', 'login required');
    res.set('Cache-Control', 'no-store');
    res.json(meOf(p));
  });

  return r;
}

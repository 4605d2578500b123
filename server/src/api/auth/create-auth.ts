// The auth module's one entry point for the composition root: builds the services over the
// database and hands back the router and middleware to mount (order in api/auth/README.md).
import type { IncomingMessage } from 'node:http';
import { Router, type RequestHandler } from 'express';
import type { AuthConfig, ServerConfig } from '../../config/schema';
import { systemClock, type Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import type { Db } from '../../storage/database';
import { authenticateUpgradeRequest, csrfMiddleware, requireAdminMiddleware, requireAuthMiddleware } from './auth.middleware';
import { authRoutes } from './auth.routes';
import { authStoresFor, type AuthStores } from './auth-stores';
import { ensureFirstAdmin } from './first-admin';
import { LoginLimiter } from './login-limiter';
import type { Principal } from './principal';
import { securityHeaders, trustProxySetting } from './security-headers';
import { SessionService } from './session.service';
import { TokenAdminService } from './token-admin.service';
import { tokenRoutes } from './tokens.routes';
import { UserAdminService } from './user-admin.service';
import { userRoutes } from './users.routes';

export interface AuthOptions {
  db: Db;
  auth: AuthConfig;
  server: Pick<ServerConfig, 'trusted_proxies'>;
  log: Logger;
  clock?: Clock;
}

export interface Auth {
  /** /login, /logout, /me, /users, /tokens: mount on the /api router after requireAuth and csrf. */
  router: Router;
  /** 401 JSON unless the request carries a live session or token (health and login excepted). */
  requireAuth: RequestHandler;
  /** 403 JSON for viewers: put before every state-changing admin route. */
  requireAdmin: RequestHandler;
  /** 403 JSON for a cookie-authenticated POST/PUT/PATCH/DELETE without the session's X-CSRF-Token. */
  csrf: RequestHandler;
  /** helmet with Vigil's CSP: mount first on the whole app (API and dashboard). */
  securityHeaders: RequestHandler;
  /** Value for `app.set('trust proxy', …)`. */
  trustProxy: false | string[];
  /** The caller of a WebSocket upgrade (cookie, Bearer header or ?token=), or null to refuse it. */
  authenticateUpgrade(req: IncomingMessage): Principal | null;
  /** First start: creates `admin` with a printed random password when there is no user. */
  ensureAdmin(): Promise<boolean>;
  users: UserAdminService;
  tokens: TokenAdminService;
  sessions: SessionService;
}

export function createAuth(opts: AuthOptions): Auth {
  const clock = opts.clock ?? systemClock;
  const log = opts.log.child({ module: 'auth' });
  const enabled = opts.auth.enabled;
  const trustProxy = trustProxySetting(opts.server.trusted_proxies);
  const stores: AuthStores = authStoresFor(opts.db, clock);
  const sessions = new SessionService(stores, { sessionHours: opts.auth.session_hours }, clock, log);
  const users = new UserAdminService(stores);
  const tokens = new TokenAdminService(stores);
  const limiter = new LoginLimiter({ attempts: opts.auth.login_attempts, windowMs: opts.auth.login_window_s * 1000 }, clock);
  const requireAdmin = requireAdminMiddleware();

  if (!enabled) {
    log.warn('authentication is DISABLED (auth.enabled: false): anyone who can reach this server is an admin');
  }

  const router = Router();
  router.use(authRoutes({ enabled, sessions, limiter, log }));
  router.use(userRoutes({ users, sessions, limiter, requireAdmin, log }));
  router.use(tokenRoutes({ tokens, requireAdmin, log }));

  return {
    router,
    requireAuth: requireAuthMiddleware(sessions, enabled),
    requireAdmin,
    csrf: csrfMiddleware(),
    securityHeaders: securityHeaders(),
    trustProxy,
    authenticateUpgrade: (req) => authenticateUpgradeRequest(req, sessions, enabled),
    // With auth off nobody logs in, so a printed password would only be noise; it is made
    // on the first start with auth on.
    ensureAdmin: () => (enabled ? ensureFirstAdmin(stores, log) : Promise.resolve(false)),
    users,
    tokens,
    sessions,
  };
}

// /api/users: admins manage users; anyone may change their own password with the current one.
import { Router, type RequestHandler } from 'express';
import type { PasswordChanged } from '../../contracts/auth-api';
import { AppError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { parseWith } from '../validate';
import { createUserBodySchema, passwordBodySchema, roleBodySchema, usernameParamsSchema } from './auth.schemas';
import { limitedAttempt } from './login-attempt';
import type { LoginLimiter } from './login-limiter';
import { meOf, principalOf, type Principal } from './principal';
import { setSessionCookie } from './session-cookie';
import type { SessionService } from './session.service';
import type { UserAdminService } from './user-admin.service';

export interface UserRouteDeps {
  users: UserAdminService;
  sessions: SessionService;
  limiter: LoginLimiter;
  requireAdmin: RequestHandler;
  log: Logger;
}

function caller(p: Principal | null): Principal {
  if (!p) throw new AppError('unauthorized', 'login required');
  return p;
}

export function userRoutes(deps: UserRouteDeps): Router {
  const r = Router();
  const { users, requireAdmin, log } = deps;

  r.get('/users', requireAdmin, (_req, res) => {
    res.json(users.list());
  });

  r.post('/users', requireAdmin, async (req, res) => {
    const body = parseWith(createUserBodySchema, req.body ?? {}, 'body');
    const created = await users.create(body.username, body.role, body.password);
    log.info({ user: created.username, role: created.role, by: caller(principalOf(req)).username }, 'user created');
    res.status(201).json(created);
  });

  r.put('/users/:username/password', async (req, res) => {
    const me = caller(principalOf(req));
    const { username } = parseWith(usernameParamsSchema, req.params, 'params');
    const body = parseWith(passwordBodySchema, req.body ?? {}, 'body');
    // Before the lookup, so a viewer cannot tell existing names from unknown ones.
    if (me.role !== 'admin' && me.username.toLowerCase() !== username.toLowerCase()) {
      throw new AppError('forbidden', 'only an admin may change another user\'s password');
    }
    const target = users.require(username);
    let out: PasswordChanged;
    if (me.userId === target.id) {
      // Your own password needs the current one, also for admins: a stolen session or an
      // unlocked screen must not be enough to lock the owner out.
      if (body.current_password === undefined || body.password === undefined) {
        throw new AppError('bad_request', 'changing your own password needs current_password and password');
      }
      const { current_password: current, password: next } = body;
      // A wrong current password counts like a failed login: a session is no licence to guess.
      out = { user: await limitedAttempt(deps.limiter, req, res, () => users.changeOwnPassword(target.id, current, next)) };
      // Every session ended with the change; the caller keeps working in a fresh one.
      const s = me.via === 'session' ? deps.sessions.reopen(target.id) : null;
      if (s) {
        setSessionCookie(req, res, s);
        out.session = meOf(s.principal);
      }
    } else {
      if (me.role !== 'admin') throw new AppError('forbidden', 'only an admin may change another user\'s password');
      const result = await users.setPassword(target.username, body.password);
      out = result.generated === undefined ? { user: result.user } : { user: result.user, password: result.generated };
    }
    log.info({ user: target.username, by: me.username }, 'password changed');
    res.set('Cache-Control', 'no-store');
    res.json(out);
  });

  r.put('/users/:username/role', requireAdmin, (req, res) => {
    const { username } = parseWith(usernameParamsSchema, req.params, 'params');
    const body = parseWith(roleBodySchema, req.body ?? {}, 'body');
    const user = users.setRole(username, body.role);
    log.info({ user: user.username, role: user.role, by: caller(principalOf(req)).username }, 'role changed');
    res.json(user);
  });

  r.delete('/users/:username', requireAdmin, (req, res) => {
    const { username } = parseWith(usernameParamsSchema, req.params, 'params');
    const user = users.delete(username);
    log.info({ user: user.username, by: caller(principalOf(req)).username }, 'user deleted');
    res.status(204).end();
  });

  return r;
}

// The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it),
// Secure whenever the request came over https (req.secure honours `trust proxy`).
import type { Request, Response } from 'express';
import { SESSION_COOKIE } from './request-credentials';
import type { OpenedSession } from './session.service';

export function setSessionCookie(req: Request, res: Response, s: OpenedSession): void {
  res.cookie(SESSION_COOKIE, s.cookie, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', maxAge: s.ttlSeconds * 1000 });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}

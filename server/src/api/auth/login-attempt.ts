// One password check under the login rate limit: refused with 429 + Retry-After while the client
// is over the limit, counted as a failure unless it succeeds.
import type { Request, Response } from 'express';
import { AppError } from '../../lib/errors';
import { clientKey, type LoginLimiter } from './login-limiter';

/**
 * Runs `check` (which verifies a password) for the client of `req`. The attempt counts as a
 * failure while it runs, so parallel guesses cannot all start before the first one fails;
 * a success (`check` resolving truthy) takes it back.
 */
export async function limitedAttempt<T>(limiter: LoginLimiter, req: Request, res: Response, check: () => Promise<T>): Promise<T> {
  const key = clientKey(req.ip);
  const waitMs = limiter.retryAfterMs(key);
  if (waitMs > 0) {
    const seconds = Math.ceil(waitMs / 1000);
    res.set('Retry-After', String(seconds));
    throw new AppError('rate_limited', `too many failed logins from this address: try again in ${seconds} s`);
  }
  const attempt = limiter.recordFailure(key);
  const result = await check();
  if (result) limiter.forget(key, attempt);
  return result;
}

// Pure: what the login form says for a failed login (wrong credentials, rate limit, other).
import { ApiRequestError, errorMessage } from './http-client';

export function loginErrorText(e: unknown): { text: string; waitSeconds: number } {
  if (e instanceof ApiRequestError) {
    if (e.status === 401) return { text: 'Wrong username or password.', waitSeconds: 0 };
    if (e.status === 429) {
      const s = e.retryAfter ?? 60;
      return { text: `Too many failed attempts. Try again in ${s} s.`, waitSeconds: s };
    }
    if (e.status === 400) return { text: 'Enter a username and a password.', waitSeconds: 0 };
  }
  return { text: `Login failed: ${errorMessage(e)}`, waitSeconds: 0 };
}

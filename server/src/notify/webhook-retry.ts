// What happens after one delivery attempt: 2xx is delivered; anything else is retried with
// exponential backoff (5 s, 10 s, 20 s … capped at 15 min, +0–10 % jitter) until the delivery
// expires 24 h after it was created (the outbox then marks it failed). Pure.
import { exponentialDelay } from '../lib/backoff';

export const RETRY_BASE_MS = 5_000;
export const RETRY_MAX_MS = 15 * 60_000;
/** Jitter spreads retries of a backlog so a recovered receiver is not hit all at once. */
export const RETRY_JITTER = 0.1;

export type AttemptOutcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

export type Decision = { action: 'delivered'; status: number } | { action: 'retry'; at: number; status: number | null; error: string } | { action: 'failed'; status: number | null; error: string };

/** Delay after the failure of attempt number `attempt` (0 = the first attempt). */
export function retryDelayMs(attempt: number, rand: () => number = Math.random): number {
  return exponentialDelay(attempt, RETRY_BASE_MS, RETRY_MAX_MS, RETRY_JITTER, rand);
}

/** `attempts` is how many attempts the row had before this one; times are epoch seconds. */
export function decide(outcome: AttemptOutcome, row: { attempts: number; expires_at: number }, nowS: number, rand: () => number = Math.random): Decision {
  if (outcome.ok) return { action: 'delivered', status: outcome.status };
  if (nowS >= row.expires_at) return { action: 'failed', status: outcome.status, error: outcome.error };
  const at = Math.min(nowS + retryDelayMs(row.attempts, rand) / 1000, row.expires_at);
  return { action: 'retry', at, status: outcome.status, error: outcome.error };
}

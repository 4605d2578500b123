// Stepped backoff for reconnects and retries (go2rtc-style steps, capped).

/** Delay before attempt `attempt` (0-based) from a list of steps; the last step repeats. */
export function steppedDelay(attempt: number, steps: readonly number[]): number {
  if (steps.length === 0) return 0;
  const i = Math.min(Math.max(0, Math.floor(attempt)), steps.length - 1);
  return steps[i] as number;
}

/** Exponential backoff with a cap and optional deterministic jitter in [0, jitter). */
export function exponentialDelay(attempt: number, baseMs: number, maxMs: number, jitter = 0, rand: () => number = Math.random): number {
  const raw = baseMs * 2 ** Math.max(0, attempt);
  const capped = Math.min(maxMs, raw);
  return Math.round(capped + (jitter > 0 ? rand() * jitter * capped : 0));
}

/** Default camera reconnect steps in ms: quick at first, never more than 10 s between tries. */
export const RECONNECT_STEPS_MS: readonly number[] = [500, 1000, 2000, 5000, 10000];

import { decide, retryDelayMs, RETRY_MAX_MS } from '../../../server/src/notify/webhook-retry';

describe('webhook retry policy', () => {
  it('doubles from 5 s and caps at 15 min (no jitter)', () => {
    const s = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 40].map((a) => retryDelayMs(a, () => 0) / 1000);
    expect(s).toEqual([5, 10, 20, 40, 80, 160, 320, 640, 900, 900, 900]);
  });

  it('adds at most 10 % jitter', () => {
    expect(retryDelayMs(0, () => 0.5)).toBe(5250);
    expect(retryDelayMs(20, () => 0.999999)).toBeLessThanOrEqual(RETRY_MAX_MS * 1.1);
  });

  const row = { attempts: 2, expires_at: 1000 };
  it.each([
    ['2xx is delivered', { ok: true as const, status: 204 }, 100, { action: 'delivered', status: 204 }],
    ['an HTTP error is retried after the backoff', { ok: false as const, status: 503, error: 'HTTP 503' }, 100, { action: 'retry', at: 120, status: 503, error: 'HTTP 503' }],
    ['a refused connection is retried', { ok: false as const, status: null, error: 'connect ECONNREFUSED' }, 100, { action: 'retry', at: 120, status: null, error: 'connect ECONNREFUSED' }],
    ['a retry never goes past the expiry', { ok: false as const, status: 500, error: 'HTTP 500' }, 990, { action: 'retry', at: 1000, status: 500, error: 'HTTP 500' }],
    ['at the expiry it fails', { ok: false as const, status: null, error: 'timeout after 10000 ms' }, 1000, { action: 'failed', status: null, error: 'timeout after 10000 ms' }],
  ])('%s', (_n, outcome, now, expected) => {
    expect(decide(outcome, row, now, () => 0)).toEqual(expected);
  });
});

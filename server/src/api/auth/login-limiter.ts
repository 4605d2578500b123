// Login brute-force limit: at most `attempts` failed logins per client within a sliding window.
// Only failures count, so a user who types the password right is never slowed down. Our own
// small limiter (not express-rate-limit) so tests drive it with an injected clock.
import { isIPv4, isIPv6 } from 'node:net';
import type { Clock } from '../../lib/clock';

export interface LoginLimiterOptions {
  attempts: number;
  windowMs: number;
  /** Clients remembered at most; beyond that expired entries, then the oldest, are dropped. */
  maxClients?: number;
}

/**
 * The key a client is limited under: IPv4 as is (also when IPv4-mapped), IPv6 by its /64 prefix,
 * since one home or host usually owns a whole /64 and could otherwise rotate addresses freely.
 */
export function clientKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const bare = ip.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return mapped[1] as string;
  if (isIPv4(bare) || !isIPv6(bare)) return bare;
  return `${expandIPv6(bare).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, as lowercase hex without leading zeros. */
export function expandIPv6(addr: string): string[] {
  let text = addr.toLowerCase();
  // A trailing dotted IPv4 part counts as two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : new Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...zeros, ...t].map((g) => parseInt(g, 16).toString(16));
}

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly maxClients: number;

  constructor(
    private readonly opts: LoginLimiterOptions,
    private readonly clock: Clock,
  ) {
    this.maxClients = opts.maxClients ?? 10_000;
  }

  /** Milliseconds until `key` may try again; 0 when it may try now. */
  retryAfterMs(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.opts.attempts) return 0;
    const oldest = recent[recent.length - this.opts.attempts] as number;
    return Math.max(1, oldest + this.opts.windowMs - this.clock.now());
  }

  /** Counts a failure now; returns its time, for forget(). */
  recordFailure(key: string): number {
    const now = this.clock.now();
    const recent = this.recent(key);
    recent.push(now);
    // Only the newest `attempts` failures can ever matter.
    if (recent.length > this.opts.attempts) recent.splice(0, recent.length - this.opts.attempts);
    this.failures.delete(key);
    this.failures.set(key, recent);
    if (this.failures.size > this.maxClients) this.prune();
    return now;
  }

  /**
   * Takes back a failure recorded at `time`. Logins count as failures while the password is
   * being checked, so parallel guesses cannot all slip in before the first one fails.
   */
  forget(key: string, time: number): void {
    const list = this.failures.get(key);
    const i = list ? list.lastIndexOf(time) : -1;
    if (!list || i < 0) return;
    list.splice(i, 1);
    if (list.length === 0) this.failures.delete(key);
  }

  /** Clients currently remembered (for tests and stats). */
  size(): number {
    return this.failures.size;
  }

  private recent(key: string): number[] {
    const list = this.failures.get(key);
    if (!list) return [];
    const since = this.clock.now() - this.opts.windowMs;
    const kept = list.filter((t) => t > since);
    if (kept.length === 0) this.failures.delete(key);
    else if (kept.length !== list.length) this.failures.set(key, kept);
    return kept;
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) this.recent(key);
    // Map order is insertion order and recordFailure re-inserts: the first keys are the stalest.
    for (const key of this.failures.keys()) {
      if (this.failures.size <= this.maxClients) break;
      this.failures.delete(key);
    }
  }
}

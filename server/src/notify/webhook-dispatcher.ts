// Sends what the outbox holds: claims due deliveries (leased, so a crash mid-send is retried by
// the next process), at most `concurrency` requests at once, and records each outcome. Waits
// between retries run on an injected clock and scheduler; the HTTP requests are real.
import { systemClock, type Clock } from '../lib/clock';
import { errorMessage } from '../lib/errors';
import type { Logger } from '../lib/logger';
import type { Delivery, OutboxRepository } from '../storage/outbox.repository';
import { decide, type AttemptOutcome } from './webhook-retry';
import type { WebhookSender } from './webhook-sender';
import { timerScheduler, type Scheduler, type TimerHandle } from './scheduler';

export type OutboxPort = Pick<OutboxRepository, 'claimDue' | 'markDelivered' | 'markRetry' | 'markFailed' | 'expire' | 'listRecent' | 'purgeFinished'>;

export interface DispatcherOptions {
  outbox: OutboxPort;
  sender: WebhookSender;
  log: Logger;
  /** Request timeout for a delivery of hook `hook` (the outbox row's hook column). */
  timeoutMs: (hook: string) => number;
  clock?: Clock;
  scheduler?: Scheduler;
  /** Requests in flight at once. @default 4 */
  concurrency?: number;
  /** A claimed delivery is not claimed again for this long (must exceed any timeout). @default 180 */
  leaseS?: number;
  /** Look at the outbox at least this often (deliveries this process did not schedule). @default 30000 */
  pollMs?: number;
  /** Finished deliveries are kept this long for the deliveries list. @default 7 days */
  keepFinishedS?: number;
  rand?: () => number;
}

const PURGE_EVERY_MS = 3600_000;

export class WebhookDispatcher {
  private readonly clock: Clock;
  private readonly scheduler: Scheduler;
  private readonly concurrency: number;
  private readonly leaseS: number;
  private readonly pollMs: number;
  private readonly keepFinishedS: number;
  private readonly rand: () => number;
  private readonly inFlight = new Map<string, { abort: AbortController; done: Promise<void> }>();
  /** Next attempt times (epoch ms) this process knows of, to wake exactly when one is due. */
  private readonly known = new Map<string, number>();
  private timer: TimerHandle | null = null;
  private timerAt = Infinity;
  private kickQueued = false;
  private running = false;
  private lastPurge = -Infinity;
  private idleWaiters: (() => void)[] = [];
  private lastErrorText: string | null = null;
  readonly counters = { attempts: 0, delivered: 0, retried: 0, failed: 0 };

  constructor(private readonly o: DispatcherOptions) {
    this.clock = o.clock ?? systemClock;
    this.scheduler = o.scheduler ?? timerScheduler;
    this.concurrency = Math.max(1, o.concurrency ?? 4);
    this.leaseS = o.leaseS ?? 180;
    this.pollMs = o.pollMs ?? 30_000;
    this.keepFinishedS = o.keepFinishedS ?? 7 * 86400;
    this.rand = o.rand ?? Math.random;
  }

  /** Resumes what an earlier process left pending, then keeps sending until close(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    try {
      for (const d of this.o.outbox.listRecent({ status: 'pending', limit: 1000 })) this.known.set(d.id, d.next_attempt_at * 1000);
    } catch (e) {
      this.o.log.warn({ err: e }, 'cannot read pending webhook deliveries');
    }
    this.pump();
  }

  /** Something was enqueued: send it soon, outside the caller's tick. */
  kick(): void {
    if (!this.running || this.kickQueued) return;
    this.kickQueued = true;
    setImmediate(() => {
      this.kickQueued = false;
      this.pump();
    });
  }

  get lastError(): string | null {
    return this.lastErrorText;
  }

  get busy(): number {
    return this.inFlight.size;
  }

  /** Resolves once nothing is in flight or queued to start (tests step the clock with this). */
  whenIdle(): Promise<void> {
    if (this.inFlight.size === 0 && !this.kickQueued) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops sending; requests in flight are aborted and left due at once for the next start. */
  async close(): Promise<void> {
    this.running = false;
    this.timer?.cancel();
    this.timer = null;
    const pending = [...this.inFlight.values()];
    for (const f of pending) f.abort.abort();
    await Promise.all(pending.map((f) => f.done));
  }

  private pump(): void {
    if (!this.running) {
      this.settleIdle();
      return;
    }
    const now = this.clock.now();
    for (const [id, at] of this.known) if (at <= now) this.known.delete(id);
    try {
      const expired = this.o.outbox.expire();
      if (expired > 0) {
        this.counters.failed += expired;
        this.o.log.warn({ expired }, 'webhook deliveries expired after 24 h of retries');
      }
      if (now - this.lastPurge >= PURGE_EVERY_MS) {
        this.lastPurge = now;
        this.o.outbox.purgeFinished(now / 1000 - this.keepFinishedS);
      }
      const free = this.concurrency - this.inFlight.size;
      if (free > 0) for (const row of this.o.outbox.claimDue(free, this.leaseS)) this.attempt(row);
    } catch (e) {
      // The database may be closing or busy; the next wake tries again.
      this.o.log.error({ err: e }, 'webhook outbox unavailable');
    }
    this.scheduleWake(now);
    this.settleIdle();
  }

  private scheduleWake(now: number): void {
    let next = now + this.pollMs;
    for (const at of this.known.values()) if (at < next) next = at;
    if (this.timer && this.timerAt === next) return;
    this.timer?.cancel();
    this.timerAt = next;
    this.timer = this.scheduler.after(Math.max(0, next - now), () => {
      this.timer = null;
      this.timerAt = Infinity;
      this.pump();
    });
  }

  private attempt(row: Delivery): void {
    const abort = new AbortController();
    const done = this.o.sender
      .send({ url: row.url, headers: row.headers, body: row.payload, timeoutMs: this.o.timeoutMs(row.hook), signal: abort.signal })
      .catch((e: unknown): AttemptOutcome => ({ ok: false, status: null, error: errorMessage(e) }))
      .then((outcome) => this.record(row, outcome, abort.signal.aborted))
      .finally(() => {
        this.inFlight.delete(row.id);
        this.pump();
      });
    this.inFlight.set(row.id, { abort, done });
    this.counters.attempts++;
  }

  private record(row: Delivery, outcome: AttemptOutcome, aborted: boolean): void {
    const nowS = this.clock.now() / 1000;
    try {
      if (aborted) {
        // Shutdown: the receiver may or may not have it; the next start sends it again at once.
        this.o.outbox.markRetry(row.id, nowS, 'aborted at shutdown', null);
        return;
      }
      const d = decide(outcome, row, nowS, this.rand);
      if (d.action === 'delivered') {
        this.o.outbox.markDelivered(row.id, d.status);
        this.counters.delivered++;
        return;
      }
      this.lastErrorText = d.error;
      if (d.action === 'failed') {
        this.o.outbox.markFailed(row.id, d.error, d.status);
        this.counters.failed++;
        this.o.log.warn({ delivery: row.id, hook: row.hook, error: d.error, attempts: row.attempts + 1 }, 'webhook delivery failed for good');
        return;
      }
      this.o.outbox.markRetry(row.id, d.at, d.error, d.status);
      this.known.set(row.id, d.at * 1000);
      this.counters.retried++;
      // One warning per delivery; the retries of an outage would otherwise flood the log.
      const level = row.attempts === 0 ? 'warn' : 'debug';
      this.o.log[level]({ delivery: row.id, hook: row.hook, error: d.error, retry_in_s: Math.round(d.at - nowS) }, 'webhook delivery will be retried');
    } catch (e) {
      this.o.log.error({ err: e, delivery: row.id }, 'cannot record webhook delivery outcome');
    }
  }

  private settleIdle(): void {
    if (this.inFlight.size > 0 || this.kickQueued || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

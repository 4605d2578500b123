// The durable webhook outbox: a delivery is written before it is attempted, so a restart never
// loses one. The dispatcher claims due rows (with a lease), then marks each delivered, retried or failed.
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../lib/clock';
import { AppError } from '../lib/errors';
import type { Db } from './database';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** Deliveries give up a day after they were created. */
export const OUTBOX_TTL_S = 24 * 3600;

export interface Delivery {
  id: string;
  hook: string;
  url: string;
  event_type: string;
  /** The exact body bytes to send (so the signature matches on every attempt). */
  payload: string;
  headers: Record<string, string>;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  last_status: number | null;
  created_at: number;
  delivered_at: number | null;
  expires_at: number;
}

export interface NewDelivery {
  id?: string;
  hook: string;
  url: string;
  event_type: string;
  payload: string;
  headers?: Record<string, string>;
  /** Defaults to now. */
  next_attempt_at?: number;
}

type Row = Omit<Delivery, 'headers'> & { headers: string };

const fromRow = (r: Row): Delivery => ({ ...r, headers: JSON.parse(r.headers) as Record<string, string> });

export class OutboxRepository {
  private readonly insertStmt;
  private readonly dueStmt;
  private readonly leaseStmt;
  private readonly deliveredStmt;
  private readonly retryStmt;
  private readonly failedStmt;
  private readonly expireStmt;
  private readonly getStmt;
  private readonly recentStmt;
  private readonly recentStatusStmt;
  private readonly countsStmt;
  private readonly purgeStmt;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock = systemClock,
  ) {
    this.insertStmt = db.prepare(
      `INSERT INTO webhook_outbox (id, hook, url, event_type, payload, headers, status, attempts, next_attempt_at, created_at, expires_at)
       VALUES (@id, @hook, @url, @event_type, @payload, @headers, 'pending', 0, @next_attempt_at, @now, @expires_at)`,
    );
    this.dueStmt = db.prepare(
      "SELECT * FROM webhook_outbox WHERE status = 'pending' AND next_attempt_at <= ? AND expires_at > ? ORDER BY next_attempt_at, created_at LIMIT ?",
    );
    this.leaseStmt = db.prepare('UPDATE webhook_outbox SET next_attempt_at = ? WHERE id = ?');
    this.deliveredStmt = db.prepare(
      "UPDATE webhook_outbox SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_status = ?, last_error = NULL WHERE id = ? AND status = 'pending'",
    );
    this.retryStmt = db.prepare(
      "UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, last_status = ? WHERE id = ? AND status = 'pending'",
    );
    this.failedStmt = db.prepare(
      "UPDATE webhook_outbox SET status = 'failed', attempts = attempts + ?, last_error = ?, last_status = COALESCE(?, last_status) WHERE id = ? AND status = 'pending'",
    );
    this.expireStmt = db.prepare("UPDATE webhook_outbox SET status = 'failed', last_error = CASE WHEN last_error IS NULL THEN 'expired' ELSE last_error || ' (expired)' END WHERE status = 'pending' AND expires_at <= ?");
    this.getStmt = db.prepare('SELECT * FROM webhook_outbox WHERE id = ?');
    this.recentStmt = db.prepare('SELECT * FROM webhook_outbox ORDER BY created_at DESC, id DESC LIMIT ?');
    this.recentStatusStmt = db.prepare('SELECT * FROM webhook_outbox WHERE status = ? ORDER BY created_at DESC, id DESC LIMIT ?');
    this.countsStmt = db.prepare('SELECT status, COUNT(*) AS n FROM webhook_outbox GROUP BY status');
    this.purgeStmt = db.prepare("DELETE FROM webhook_outbox WHERE status != 'pending' AND created_at < ?");
  }

  private nowS(): number {
    return this.clock.now() / 1000;
  }

  enqueue(d: NewDelivery): Delivery {
    const now = this.nowS();
    const id = d.id ?? randomUUID();
    try {
      this.insertStmt.run({
        id,
        hook: d.hook,
        url: d.url,
        event_type: d.event_type,
        payload: d.payload,
        headers: JSON.stringify(d.headers ?? {}),
        next_attempt_at: d.next_attempt_at ?? now,
        now,
        expires_at: now + OUTBOX_TTL_S,
      });
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new AppError('conflict', `delivery ${id} already exists`);
      throw e;
    }
    return this.get(id) as Delivery;
  }

  get(id: string): Delivery | null {
    const r = this.getStmt.get(id) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  /**
   * Pending deliveries due now, oldest first. Each is leased for `leaseS` seconds (its
   * next_attempt_at moves ahead) so it is not claimed twice; if the process dies mid-delivery,
   * the lease runs out and it is retried.
   */
  claimDue(limit: number, leaseS = 60): Delivery[] {
    const now = this.nowS();
    return this.db.transaction(() => {
      const rows = (this.dueStmt.all(now, now, limit) as Row[]).map(fromRow);
      for (const r of rows) this.leaseStmt.run(now + leaseS, r.id);
      return rows;
    })();
  }

  markDelivered(id: string, httpStatus: number): boolean {
    return this.deliveredStmt.run(this.nowS(), httpStatus, id).changes > 0;
  }

  markRetry(id: string, nextAttemptAt: number, error: string, httpStatus: number | null = null): boolean {
    return this.retryStmt.run(nextAttemptAt, error, httpStatus, id).changes > 0;
  }

  /** Gives up on a delivery; `attempted` counts this last attempt. */
  markFailed(id: string, error: string, httpStatus: number | null = null, attempted = true): boolean {
    return this.failedStmt.run(attempted ? 1 : 0, error, httpStatus, id).changes > 0;
  }

  /** Pending deliveries past their expiry become failed; returns how many. */
  expire(): number {
    return this.expireStmt.run(this.nowS()).changes;
  }

  listRecent(opts: { status?: DeliveryStatus; limit?: number } = {}): Delivery[] {
    const limit = opts.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new AppError('bad_request', 'limit must be an integer from 1 to 1000');
    const rows = (opts.status ? this.recentStatusStmt.all(opts.status, limit) : this.recentStmt.all(limit)) as Row[];
    return rows.map(fromRow);
  }

  counts(): Record<DeliveryStatus, number> {
    const out: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, failed: 0 };
    for (const r of this.countsStmt.all() as { status: DeliveryStatus; n: number }[]) out[r.status] = r.n;
    return out;
  }

  /** Drops finished deliveries created before `before` (epoch seconds). */
  purgeFinished(before: number): number {
    return this.purgeStmt.run(before).changes;
  }
}

import { closeDatabase, openDatabase } from '../../../server/src/storage/database';
import { OUTBOX_TTL_S, OutboxRepository } from '../../../server/src/storage/outbox.repository';
import { openFixture, type StorageFixture } from './storage-fixture';

describe('OutboxRepository', () => {
  let f: StorageFixture;
  let outbox: OutboxRepository;
  const t0 = () => f.clock.now() / 1000;
  beforeEach(() => {
    f = openFixture();
    outbox = new OutboxRepository(f.db, f.clock);
  });
  afterEach(() => f.close());

  const body = '{"type":"new","after":{"id":"1717200000.000000-abcdef"}}';

  it('runs a delivery through enqueue → claim → retry → claim → delivered', () => {
    const start = t0();
    const d = outbox.enqueue({ hook: '0', url: 'http://127.0.0.1:9/hook', event_type: 'new', payload: body, headers: { 'X-Vigil-Signature': 'sha256=00' } });
    expect(d).toMatchObject({ status: 'pending', attempts: 0, next_attempt_at: start, created_at: start, expires_at: start + OUTBOX_TTL_S, payload: body });
    expect(d.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(d.headers).toEqual({ 'X-Vigil-Signature': 'sha256=00' });

    const claimed = outbox.claimDue(10, 30);
    expect(claimed.map((c) => c.id)).toEqual([d.id]);
    // Leased: a second claim inside the lease gets nothing.
    expect(outbox.claimDue(10)).toEqual([]);

    expect(outbox.markRetry(d.id, start + 5, 'HTTP 503', 503)).toBe(true);
    expect(outbox.get(d.id)).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: start + 5, last_error: 'HTTP 503', last_status: 503 });
    f.clock.advance(4000);
    expect(outbox.claimDue(10)).toEqual([]);
    f.clock.advance(1000);
    expect(outbox.claimDue(10).map((c) => c.id)).toEqual([d.id]);

    expect(outbox.markDelivered(d.id, 204)).toBe(true);
    expect(outbox.get(d.id)).toMatchObject({ status: 'delivered', attempts: 2, delivered_at: start + 5, last_status: 204, last_error: null });
    expect(outbox.markRetry(d.id, start + 10, 'late')).toBe(false);
    expect(outbox.counts()).toEqual({ pending: 0, delivered: 1, failed: 0 });
  });

  it('returns to a delivery whose lease ran out (process died mid-delivery)', () => {
    const d = outbox.enqueue({ hook: '0', url: 'http://127.0.0.1:9/', event_type: 'end', payload: '{}' });
    expect(outbox.claimDue(1, 60)).toHaveLength(1);
    f.clock.advance(61_000);
    expect(outbox.claimDue(1, 60).map((c) => c.id)).toEqual([d.id]);
  });

  it('claims due rows oldest first, up to the limit, and leaves future ones', () => {
    const a = outbox.enqueue({ hook: '0', url: 'http://127.0.0.1:9/', event_type: 'new', payload: 'a' });
    f.clock.advance(1000);
    const b = outbox.enqueue({ hook: '1', url: 'http://127.0.0.1:9/', event_type: 'new', payload: 'b' });
    outbox.enqueue({ hook: '1', url: 'http://127.0.0.1:9/', event_type: 'new', payload: 'later', next_attempt_at: t0() + 100 });
    expect(outbox.claimDue(1).map((c) => c.id)).toEqual([a.id]);
    expect(outbox.claimDue(5).map((c) => c.id)).toEqual([b.id]);
  });

  it('fails deliveries explicitly or when they expire after 24 h, and lists them by status', () => {
    const a = outbox.enqueue({ hook: '0', url: 'http://127.0.0.1:9/', event_type: 'new', payload: 'a' });
    const b = outbox.enqueue({ hook: '0', url: 'http://127.0.0.1:9/', event_type: 'new', payload: 'b' });
    outbox.markRetry(b.id, t0() + 60, 'connect ECONNREFUSED');
    const c = outbox.enqueue({ hook: '0', url: 'http://127.0.0.1:9/', event_type: 'test', payload: 'c' });
    expect(outbox.markFailed(a.id, 'HTTP 400: bad request', 400)).toBe(true);
    expect(outbox.get(a.id)).toMatchObject({ status: 'failed', attempts: 1, last_status: 400 });

    f.clock.advance(OUTBOX_TTL_S * 1000 - 1000);
    expect(outbox.expire()).toBe(0);
    f.clock.advance(1000);
    // Expired rows are never claimed, even before expire() marks them.
    expect(outbox.claimDue(10)).toEqual([]);
    expect(outbox.expire()).toBe(2);
    expect(outbox.get(b.id)).toMatchObject({ status: 'failed', last_error: 'connect ECONNREFUSED (expired)' });
    expect(outbox.get(c.id)).toMatchObject({ status: 'failed', last_error: 'expired', attempts: 0 });
    expect(outbox.counts()).toEqual({ pending: 0, delivered: 0, failed: 3 });
    expect(outbox.listRecent({ status: 'failed', limit: 2 }).map((d) => d.id)).toHaveLength(2);
    expect(outbox.listRecent({ status: 'delivered' })).toEqual([]);
    expect(() => outbox.listRecent({ limit: 0 })).toThrow(expect.objectContaining({ code: 'bad_request' }));
    expect(outbox.purgeFinished(t0())).toBe(3);
    expect(outbox.counts()).toEqual({ pending: 0, delivered: 0, failed: 0 });
  });

  it('keeps a pending delivery across a reopen of the database file (durable)', () => {
    const d = outbox.enqueue({ hook: '0', url: 'http://127.0.0.1:9/', event_type: 'new', payload: body });
    // A second connection sees only what reached the file.
    const { db } = openDatabase({ dataDir: f.dir, clock: f.clock });
    const other = new OutboxRepository(db, f.clock);
    expect(other.claimDue(5).map((x) => [x.id, x.payload])).toEqual([[d.id, body]]);
    closeDatabase(db);
  });
});

// Webhook retries on a simulated clock with real HTTP and a real SQLite outbox: a receiver that
// goes away, a Vigil restart in the middle, a 10-minute outage, and expiry after 24 h.
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import { ManualClock } from '../../../server/src/lib/clock';
import type { Delivery } from '../../../server/src/storage/outbox.repository';
import { eventMessage } from '../../helpers/event-message';
import { ManualScheduler } from '../../helpers/manual-scheduler';
import { WebhookReceiver } from '../../helpers/webhook-receiver';
import { hookConfig, startBox, tempDataDir, type Box } from './notify-fixture';

jest.setTimeout(60_000);

const T0 = Date.UTC(2024, 5, 1, 12, 0, 0);
const SECRET = 'outage-secret';

/** Runs the simulated clock forward to `end`, letting every attempt finish for real between timers. */
async function runUntil(sched: ManualScheduler, box: Box, end: number, stop: () => boolean = () => false): Promise<void> {
  await box.service.dispatcher.whenIdle();
  while (!stop() && sched.step(end)) await box.service.dispatcher.whenIdle();
  if (sched.clock.now() < end && !stop()) sched.clock.set(end);
}

describe('webhook outbox under outages (simulated clock)', () => {
  let dir: string;
  let receiver: WebhookReceiver;
  let clock: ManualClock;
  const boxes: Box[] = [];

  beforeEach(async () => {
    dir = tempDataDir();
    clock = new ManualClock(T0);
    receiver = new WebhookReceiver({ now: () => clock.now() });
    await receiver.start();
  });

  afterEach(async () => {
    for (const b of boxes.splice(0)) await b.shutdown().catch(() => undefined);
    await receiver.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const hooks = () => [
    hookConfig({ url: `${receiver.url}/signed/t0k3n`, secret: SECRET }),
    hookConfig({ url: `${receiver.url}/plain`, events: ['new'] }),
  ];

  it('retries while the receiver is down; a restarted Vigil on the same file delivers every id', async () => {
    await receiver.stop(); // connection refused from now on
    const schedA = new ManualScheduler(clock);
    const a = startBox(dir, hooks(), clock, { scheduler: schedA, rand: () => 0 });
    boxes.push(a);
    a.bus.emit('event', eventMessage('new', { id: 'E1' }));
    a.bus.emit('event', eventMessage('end', { id: 'E1', end_time: T0 / 1000 + 9 }));
    a.bus.emit('camera.state', { camera: 'front', state: 'offline', previous: 'online', reason: 'gone', time: T0 / 1000 });
    a.bus.emit('event', eventMessage('new', { id: 'E2', label: 'car' }));
    // new E1 ×2, end E1 ×1, camera_offline ×1, new E2 ×2
    const ids = a.outbox.listRecent().map((d) => d.id).sort();
    expect(ids).toHaveLength(6);

    await runUntil(schedA, a, T0 + 16_000); // attempts at 0 s, 5 s, 15 s
    const before = a.outbox.listRecent();
    expect(before.map((d) => [d.status, d.attempts, d.next_attempt_at])).toEqual(before.map(() => ['pending', 3, T0 / 1000 + 35]));
    expect(before[0]!.last_error).toMatch(/ECONNREFUSED/);
    expect(receiver.all).toHaveLength(0);

    // Vigil stops; the receiver comes back (answering 503 to each id's first arrival).
    await a.shutdown();
    boxes.length = 0;
    receiver.options = { now: () => clock.now(), status: ({ count }) => (count === 1 ? 503 : 200) };
    await receiver.start();

    const schedB = new ManualScheduler(clock);
    const b = startBox(dir, hooks(), clock, { scheduler: schedB, rand: () => 0 });
    boxes.push(b);
    await runUntil(schedB, b, T0 + 3600_000, () => b.outbox.counts().pending === 0);

    expect(b.outbox.counts()).toEqual({ pending: 0, delivered: 6, failed: 0 });
    // Every delivery id arrived; each twice (503 then 200), and the outbox counted every attempt.
    expect(receiver.delivered.sort()).toEqual(ids);
    expect([...receiver.byId.values()]).toEqual(ids.map(() => 2));
    const rows = b.outbox.listRecent();
    expect(rows.map((d: Delivery) => d.attempts)).toEqual(ids.map(() => 5));
    // Every retry carried the same id and the same signed bytes.
    for (const r of receiver.all.filter((x) => x.path === '/signed/t0k3n')) {
      expect(r.headers['x-vigil-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(r.raw).digest('hex')}`);
      expect(r.raw.toString()).toBe(rows.find((d) => d.id === r.id)!.payload);
    }
    expect(receiver.all.map((r) => receiver.json(r).type).sort()).toEqual(['camera_offline', 'camera_offline', 'end', 'end', 'new', 'new', 'new', 'new', 'new', 'new', 'new', 'new']);
  });

  it('delivers everything written during a 10-minute receiver outage once it returns', async () => {
    const sched = new ManualScheduler(clock);
    const box = startBox(dir, hooks(), clock, { scheduler: sched, rand: () => 0.5 });
    boxes.push(box);
    box.bus.emit('event', eventMessage('new', { id: 'before' }));
    await runUntil(sched, box, T0 + 1000);
    expect(receiver.delivered).toHaveLength(2);

    await receiver.stop();
    const down = clock.now();
    for (let i = 0; i < 20; i++) {
      await runUntil(sched, box, down + (i + 1) * 30_000);
      box.bus.emit('event', eventMessage('new', { id: `during-${i}`, camera: i % 2 ? 'front' : 'back' }));
    }
    await runUntil(sched, box, down + 600_000);
    expect(box.outbox.counts()).toMatchObject({ pending: 40, delivered: 2 });
    const back = clock.now();
    await receiver.start();
    await runUntil(sched, box, back + 3 * 3600_000, () => box.outbox.counts().pending === 0);

    expect(box.outbox.counts()).toEqual({ pending: 0, delivered: 42, failed: 0 });
    const during = receiver.all.filter((r) => receiver.json(r).event && String((receiver.json(r).event as { id: string }).id).startsWith('during-'));
    expect(new Set(during.map((r) => r.id)).size).toBe(40);
    expect(during.every((r) => r.at >= back)).toBe(true);
    // No retry wait exceeds 15 min (+10 % jitter), so the backlog is in within that after the return.
    expect(Math.max(...during.map((r) => r.at)) - back).toBeLessThanOrEqual(16.5 * 60_000);
    expect(Math.min(...box.outbox.listRecent({ status: 'delivered' }).filter((d) => d.created_at * 1000 > down).map((d) => d.attempts))).toBeGreaterThan(1);
    expect(box.service.stats()).toMatchObject({ pending: 0, delivered: 42, failed: 0, last_error: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('gives up 24 h after creation: failed, with the backoff capped at 15 min', async () => {
    receiver.options = { now: () => clock.now(), status: () => 503 };
    const sched = new ManualScheduler(clock);
    const box = startBox(dir, [hookConfig({ url: receiver.url })], clock, { scheduler: sched, rand: () => 0 });
    boxes.push(box);
    box.service.sendTest();
    await runUntil(sched, box, T0 + 25 * 3600_000);

    const [d] = box.outbox.listRecent();
    expect(d).toMatchObject({ status: 'failed', last_status: 503, last_error: 'HTTP 503 Service Unavailable (expired)' });
    const times = receiver.all.map((r) => r.at);
    expect(d!.attempts).toBe(times.length);
    const gaps = times.slice(1).map((t, i) => (t - times[i]!) / 1000);
    expect(gaps.slice(0, 10)).toEqual([5, 10, 20, 40, 80, 160, 320, 640, 900, 900]);
    expect(Math.max(...gaps)).toBe(900);
    expect(times.at(-1)! - T0).toBeLessThan(24 * 3600_000);
    expect(times.at(-1)! - T0).toBeGreaterThan(24 * 3600_000 - 900_000);
    expect(box.service.stats()).toEqual({ pending: 0, delivered: 0, failed: 1, last_error: 'HTTP 503 Service Unavailable' });
  });
});

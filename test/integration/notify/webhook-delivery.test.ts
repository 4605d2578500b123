// Webhooks end to end on the real clock: bus → outbox (real SQLite) → HTTP to a real receiver.
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import { systemClock } from '../../../server/src/lib/clock';
import { createHttpSender } from '../../../server/src/notify/webhook-sender';
import { DELIVERY_HEADER } from '../../../server/src/notify/webhook-signature';
import { MESSI } from '../../helpers/fixtures';
import { eventMessage } from '../../helpers/event-message';
import { waitFor } from '../../helpers/net';
import { WebhookReceiver } from '../../helpers/webhook-receiver';
import { hookConfig, startBox, tempDataDir, type Box } from './notify-fixture';

describe('webhook delivery (real clock)', () => {
  let dir: string;
  let receiver: WebhookReceiver;
  let box: Box | null = null;

  beforeEach(async () => {
    dir = tempDataDir();
    receiver = new WebhookReceiver();
    await receiver.start();
  });

  afterEach(async () => {
    await box?.shutdown();
    box = null;
    await receiver.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('delivers a signed event with Vigil headers, configured headers and a Frigate-like body', async () => {
    const jpeg = fs.readFileSync(MESSI);
    box = startBox(
      dir,
      [
        hookConfig({ url: `${receiver.url}/hooks/a`, secret: 'shh-äöü', headers: { Authorization: 'Bearer t0k' }, thumbnail: true }),
        hookConfig({ url: `${receiver.url}/hooks/b` }),
      ],
      systemClock,
      { thumbnail: (id) => (id === '1717200000.000000-abcdef' ? jpeg : null) },
    );
    const msg = eventMessage('new', { entered_zones: ['porch'] });
    box.bus.emit('event', msg);
    await waitFor('two deliveries', () => receiver.delivered.length === 2, 10_000, 20);

    const a = receiver.all.find((r) => r.path === '/hooks/a')!;
    const b = receiver.all.find((r) => r.path === '/hooks/b')!;
    const rows = box.outbox.listRecent();
    expect(rows.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect(a.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Vigil/0.1.0',
      'x-vigil-event': 'new',
      authorization: 'Bearer t0k',
      'content-length': String(a.raw.length),
    });
    // The signature is the HMAC of the raw bytes received, keyed by the secret's UTF-8 bytes.
    const expected = createHmac('sha256', Buffer.from('shh-äöü', 'utf8')).update(a.raw).digest('hex');
    expect(a.headers['x-vigil-signature']).toBe(`sha256=${expected}`);
    expect(b.headers['x-vigil-signature']).toBeUndefined();
    expect(b.headers[DELIVERY_HEADER.toLowerCase()]).toBe(b.id);

    const body = receiver.json(a);
    expect(body).toMatchObject({
      type: 'new',
      event: { id: msg.after.id, camera: 'front', label: 'person', zones: ['porch'], box: [100, 120, 180, 330], top_score: 0.86, end_time: null, has_snapshot: true, has_clip: false },
      before: msg.before,
      after: msg.after,
      snapshot_url: `http://vigil.test:8080/api/events/${msg.after.id}/snapshot.jpg`,
      thumbnail_url: `http://vigil.test:8080/api/events/${msg.after.id}/thumbnail.jpg`,
      clip_url: null,
      vigil: { version: '0.1.0', box_id: 'box-1' },
    });
    expect(Buffer.from(body.thumbnail as string, 'base64').equals(jpeg)).toBe(true);
    expect(receiver.json(b)).not.toHaveProperty('thumbnail');
    await waitFor('rows delivered', () => box!.outbox.counts().delivered === 2, 5000, 20);
    expect(box.service.stats()).toEqual({ pending: 0, delivered: 2, failed: 0, last_error: null });
  });

  it('writes the outbox row in the tick the bus message arrives and sends it afterwards', async () => {
    box = startBox(dir, [hookConfig({ url: receiver.url })], systemClock);
    box.bus.emit('camera.state', { camera: 'porch', state: 'offline', previous: 'online', reason: 'no frames for 20 s', time: 1 });
    // Synchronous write, asynchronous send: emit() returned before any HTTP happened.
    expect(box.outbox.counts()).toEqual({ pending: 1, delivered: 0, failed: 0 });
    expect(receiver.all).toHaveLength(0);
    await waitFor('delivery', () => receiver.delivered.length === 1, 10_000, 20);
    expect(receiver.json(receiver.all[0]!)).toMatchObject({ type: 'camera_offline', camera: 'porch', state: 'offline', reason: 'no frames for 20 s', latest_url: 'http://vigil.test:8080/api/porch/latest.jpg' });
    box.bus.emit('camera.state', { camera: 'porch', state: 'online', previous: 'offline', reason: null, time: 2 });
    box.bus.emit('disk.low', { free: 10, total: 1000, floor: 50, time: 3 });
    await waitFor('three deliveries', () => receiver.delivered.length === 3, 10_000, 20);
    expect(receiver.all.map((r) => r.headers['x-vigil-event']).sort()).toEqual(['camera_offline', 'camera_online', 'disk_low']);
  });

  it('keeps at most 4 requests in flight', async () => {
    receiver.options = { holdMs: 150 };
    box = startBox(dir, [hookConfig({ url: receiver.url })], systemClock);
    for (let i = 0; i < 12; i++) box.bus.emit('event', eventMessage('new', { id: `1717200000.000000-ev${String(i).padStart(4, '0')}` }));
    expect(box.outbox.counts().pending).toBe(12);
    await waitFor('12 deliveries', () => receiver.delivered.length === 12, 20_000, 20);
    expect(receiver.maxActive).toBe(4);
  });

  it('retries a receiver that does not answer within the hook timeout', async () => {
    receiver.options = { hang: true };
    box = startBox(dir, [hookConfig({ url: receiver.url, timeout: 0.3 })], systemClock);
    box.bus.emit('event', eventMessage('new'));
    const row = await waitFor('a timed-out attempt', () => box!.outbox.listRecent().find((d) => d.attempts === 1), 10_000, 20);
    expect(row).toMatchObject({ status: 'pending', last_error: 'timeout after 300 ms', last_status: null });
    expect(row.next_attempt_at).toBeGreaterThan(Date.now() / 1000 + 3);
    expect(box.service.stats()).toMatchObject({ pending: 1, last_error: 'timeout after 300 ms' });
  });

  it('aborts a request in flight at shutdown and leaves it due for the next start', async () => {
    receiver.options = { hang: true };
    box = startBox(dir, [hookConfig({ url: receiver.url, timeout: 30 })], systemClock);
    box.bus.emit('event', eventMessage('new'));
    await waitFor('request arrived', () => receiver.all.length === 1, 10_000, 20);
    await box.shutdown();
    receiver.options = {};
    box = startBox(dir, [hookConfig({ url: receiver.url, timeout: 30 })], systemClock);
    const [row] = box.outbox.listRecent();
    expect(row).toMatchObject({ attempts: 1, last_error: 'aborted at shutdown' });
    await waitFor('redelivered after restart', () => receiver.delivered.length === 1, 10_000, 20);
    expect(receiver.byId.get(row!.id)).toBe(2);
  });

  it('sends to names that resolve to loopback', async () => {
    box = startBox(dir, [hookConfig({ url: `http://localhost:${receiver.port}/x` })], systemClock);
    box.service.sendTest(0);
    await waitFor('delivery via a name', () => receiver.delivered.length === 1, 10_000, 20);
  });

  it('refuses a name that resolves to a link-local (metadata) address, before connecting', async () => {
    // Only the resolver is swapped: it answers what a hostile DNS name could.
    const sender = createHttpSender({ resolve: (_h, _o, cb) => cb(null, [{ address: '169.254.169.254', family: 4 }]) });
    const out = await sender.send({ url: 'http://metadata.attacker.test/latest', headers: {}, body: '{}', timeoutMs: 2000 });
    expect(out).toEqual({ ok: false, status: null, error: 'metadata.attacker.test resolves to a link-local address (refused)' });
    const fine = createHttpSender({ resolve: (_h, _o, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]) });
    expect(await fine.send({ url: `http://camera-hub.test:${receiver.port}/`, headers: {}, body: '{}', timeoutMs: 2000 })).toEqual({ ok: true, status: 200 });
  });
});

// The webhook admin routes mounted the way the integrator will (express, JSON body, error handler),
// over real HTTP, on a real outbox, delivering to a real receiver.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { errorHandler, notFoundHandler } from '../../../server/src/api/error-handler';
import { webhookRoutes } from '../../../server/src/api/routes/webhooks.routes';
import { systemClock } from '../../../server/src/lib/clock';
import { silentLogger } from '../../../server/src/lib/logger';
import { waitFor } from '../../helpers/net';
import { WebhookReceiver } from '../../helpers/webhook-receiver';
import { hookConfig, startBox, tempDataDir, type Box } from './notify-fixture';

describe('webhook admin routes', () => {
  let dir: string;
  let receiver: WebhookReceiver;
  let box: Box;
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    dir = tempDataDir();
    receiver = new WebhookReceiver();
    await receiver.start();
    box = startBox(dir, [
      hookConfig({ url: `${receiver.url}/api/webhook/ha-s3cr3t-id?token=q-s3cr3t`, secret: 'hmac-s3cr3t', headers: { Authorization: 'Bearer hdr-s3cr3t' } }),
      hookConfig({ url: `http://127.0.0.1:9/down`, events: ['new'] }),
    ], systemClock);
    const app = express();
    const api = express.Router();
    api.use(express.json({ limit: '256kb', strict: true }));
    api.use(webhookRoutes(box.service));
    api.use(notFoundHandler());
    app.use('/api', api);
    app.use(errorHandler(silentLogger()));
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await box.shutdown();
    await receiver.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const post = (body?: unknown) =>
    fetch(`${base}/webhooks/test`, body === undefined ? { method: 'POST' } : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('sends a test to every hook that lists "test" (an empty POST), and to one hook by index', async () => {
    const all = await post();
    expect(all.status).toBe(202);
    const a = (await all.json()) as { deliveries: { id: string; hook: number; target: string }[] };
    expect(a.deliveries).toEqual([{ id: expect.any(String), hook: 0, target: receiver.url }]);
    await waitFor('test delivery', () => receiver.delivered.includes(a.deliveries[0]!.id), 10_000, 20);
    const got = receiver.all.find((r) => r.id === a.deliveries[0]!.id)!;
    expect(receiver.json(got)).toMatchObject({ type: 'test', hook: 0, vigil: { version: '0.1.0' } });
    expect(got.headers['x-vigil-event']).toBe('test');

    // Hook 1 does not list "test", but asking for it by index sends one anyway.
    const one = await post({ hook: 1 });
    expect(one.status).toBe(202);
    expect(((await one.json()) as { deliveries: unknown[] }).deliveries).toEqual([{ id: expect.any(String), hook: 1, target: 'http://127.0.0.1:9' }]);
  });

  it('answers bad requests as JSON errors', async () => {
    const cases: [Response, number, string][] = [
      [await post({ hook: 5 }), 404, 'not_found'],
      [await post({ hook: 'x' }), 400, 'bad_request'],
      [await post({ hook: -1 }), 400, 'bad_request'],
      [await post({ hook: 0, extra: true }), 400, 'bad_request'],
      [await fetch(`${base}/webhooks/test`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"hook":' }), 400, 'bad_request'],
      [await fetch(`${base}/webhooks/deliveries?status=lost`), 400, 'bad_request'],
      [await fetch(`${base}/webhooks/deliveries?limit=0`), 400, 'bad_request'],
      [await fetch(`${base}/webhooks/deliveries?limit=abc`), 400, 'bad_request'],
      [await fetch(`${base}/webhooks/deliveries?secret=1`), 400, 'bad_request'],
    ];
    for (const [res, status, code] of cases) {
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    const msg = (await (await post({ hook: 5 })).json()) as { error: { message: string } };
    expect(msg.error.message).toBe('no webhook with index 5 (there are 2)');
  });

  it('lists recent deliveries by status without secrets, header values, paths or queries', async () => {
    await waitFor('hook 1 failed an attempt', () => box.outbox.listRecent().some((d) => d.hook === '1' && d.attempts > 0), 10_000, 20);
    const res = await fetch(`${base}/webhooks/deliveries`);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const secret of ['s3cr3t', 'Bearer', '/api/webhook', 'token=']) expect(text).not.toContain(secret);
    const list = JSON.parse(text) as Record<string, unknown>[];
    expect(list.length).toBeGreaterThanOrEqual(2);
    const delivered = list.find((d) => d.status === 'delivered')!;
    expect(delivered).toMatchObject({ hook: 0, target: receiver.url, event_type: 'test', attempts: 1, last_status: 200, next_attempt_at: null });
    expect(delivered.header_names).toEqual(expect.arrayContaining(['Authorization', 'X-Vigil-Signature', 'X-Vigil-Delivery']));
    const pending = list.find((d) => d.hook === 1)!;
    expect(pending).toMatchObject({ status: 'pending', target: 'http://127.0.0.1:9', last_error: expect.stringMatching(/ECONNREFUSED/) });

    const onlyDelivered = (await (await fetch(`${base}/webhooks/deliveries?status=delivered&limit=1`)).json()) as { status: string }[];
    expect(onlyDelivered.map((d) => d.status)).toEqual(['delivered']);
    expect(box.service.stats()).toMatchObject({ delivered: 1, pending: 1, failed: 0, last_error: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('says so when no webhooks are configured', async () => {
    const emptyDir = tempDataDir();
    const empty = startBox(emptyDir, [], systemClock);
    try {
      expect(() => empty.service.sendTest()).toThrow(expect.objectContaining({ code: 'not_found', message: 'no webhooks are configured' }));
    } finally {
      await empty.shutdown();
      fs.rmSync(emptyDir, { recursive: true, force: true });
    }
  });
});

// Changing events over real HTTP: manual events (create, end), retain, delete with the media folder
// (refused while in progress), admin-only for viewers; the redacted running config; the
// recordings listing's validation.
import fs from 'node:fs';
import path from 'node:path';
import { createEventResponseSchema, eventRecordSchema, recordingsResponseSchema, successSchema } from '../../../server/src/api/response-schemas';
import { VTEST } from '../../helpers/fixtures';
import { waitFor } from '../../helpers/net';
import { BOX_CONFIG, Box, errorCode } from './box-fixture';

jest.setTimeout(180_000);

const CONFIG = `${BOX_CONFIG}
  porch:
    enabled: false
    source: rtsp://admin:topsecret@127.0.0.1:9/porch?password=hunter2&channel=1
mqtt: { enabled: false, host: 127.0.0.1, user: vigil, password: mqttsecret }
webhooks:
  - url: http://127.0.0.1:9/hooks/T000/B000/pathsecret?token=querysecret
    events: [test]
    secret: hmacsecret
    headers: { X-Api-Key: headersecret }
`;

const box = new Box(CONFIG);
beforeAll(() => box.start());
afterAll(() => box.stop());

describe('manual events', () => {
  it('creates an open-ended event with a snapshot, refuses to delete it in progress, ends and deletes it', async () => {
    const created = await box.call('POST', '/api/events/demo/doorbell/create', { body: { duration: null, score: 0.9, sub_label: 'front door' } });
    expect(created.status).toBe(200);
    const { event_id: id, success } = createEventResponseSchema.parse(created.json);
    expect(success).toBe(true);
    const ev = eventRecordSchema.parse((await box.call('GET', `/api/events/${id}`)).json);
    expect(ev).toMatchObject({ camera: 'demo', label: 'doorbell', sub_label: 'front door', score: 0.9, manual: true, end_time: null, has_snapshot: true });
    expect(ev.data.type).toBe('manual');
    expect(ev.box).toEqual([0, 0, 768, 576]);
    const folder = path.join(box.dataDir, 'events', 'demo', id);
    expect(fs.existsSync(path.join(folder, 'snapshot.jpg'))).toBe(true);

    const early = await box.call('DELETE', `/api/events/${id}`);
    expect([early.status, errorCode(early)]).toEqual([409, 'conflict']);
    const end = await box.call('PUT', `/api/events/${id}/end`);
    expect(end.status).toBe(200);
    expect(successSchema.parse(end.json).success).toBe(true);
    const ended = eventRecordSchema.parse((await box.call('GET', `/api/events/${id}`)).json);
    expect(ended.end_time).toBeGreaterThanOrEqual(ended.start_time);
    const again = await box.call('PUT', `/api/events/${id}/end`);
    expect([again.status, errorCode(again)]).toEqual([409, 'conflict']);

    const del = await box.call('DELETE', `/api/events/${id}`);
    expect(del.status).toBe(200);
    expect(successSchema.parse(del.json).message).toContain(id);
    expect((await box.call('GET', `/api/events/${id}`)).status).toBe(404);
    expect(fs.existsSync(folder)).toBe(false);
    expect((await box.call('DELETE', `/api/events/${id}`)).status).toBe(404);
  });

  it('ends an event by itself after `duration` seconds (defaults: 30 s, score 1)', async () => {
    const r = await box.call('POST', '/api/events/demo/test_label/create', { body: { duration: 1 } });
    const id = createEventResponseSchema.parse(r.json).event_id;
    const ended = await waitFor('the manual event to end', async () => {
      const ev = eventRecordSchema.parse((await box.call('GET', `/api/events/${id}`)).json);
      return ev.end_time !== null ? ev : null;
    }, 15_000);
    expect(ended.score).toBe(1);
    expect(ended.end_time! - ended.start_time).toBeGreaterThanOrEqual(0.9);
    // An empty POST (no body at all) takes every default.
    const bare = await fetch(`${box.url}/api/events/demo/bare/create`, { method: 'POST', headers: { authorization: `Bearer ${box.adminToken}` } });
    expect(bare.status).toBe(200);
  });

  it('refuses bad input with 400, unknown cameras with 404, viewers with 403', async () => {
    for (const body of [{ score: 2 }, { duration: -1 }, { duration: 1e9 }, { duration: '30' }, { colour: 'red' }, { sub_label: 5 }]) {
      const r = await box.call('POST', '/api/events/demo/doorbell/create', { body });
      expect([JSON.stringify(body), r.status, errorCode(r)]).toEqual([JSON.stringify(body), 400, 'bad_request']);
    }
    const malformed = await box.call('POST', '/api/events/demo/doorbell/create', { headers: { 'content-type': 'application/json' }, body: undefined });
    expect(malformed.status).toBe(200);
    const broken = await fetch(`${box.url}/api/events/demo/doorbell/create`, { method: 'POST', headers: { authorization: `Bearer ${box.adminToken}`, 'content-type': 'application/json' }, body: '{"duration":' });
    expect([broken.status, ((await broken.json()) as { error: { code: string } }).error.code]).toEqual([400, 'bad_request']);
    expect(errorCode(await box.call('POST', '/api/events/demo/bad%2flabel/create', { body: {} }))).toBe('bad_request');
    expect(errorCode(await box.call('POST', '/api/events/nope/doorbell/create', { body: {} }))).toBe('not_found');
    expect(errorCode(await box.call('POST', '/api/events/porch/doorbell/create', { body: {} }))).toBe('not_found');
    const viewer = await box.call('POST', '/api/events/demo/doorbell/create', { token: box.viewerToken, body: {} });
    expect([viewer.status, errorCode(viewer)]).toEqual([403, 'forbidden']);
    expect(errorCode(await box.call('PUT', '/api/events/1700000000.000000-zzzzzz/end'))).toBe('not_found');
  });
});

describe('retain and delete', () => {
  it('retains and releases an event; viewers may read but not change', async () => {
    const id = createEventResponseSchema.parse((await box.call('POST', '/api/events/demo/keep/create', { body: { duration: null } })).json).event_id;
    expect((await box.call('POST', `/api/events/${id}/retain`)).status).toBe(200);
    expect(eventRecordSchema.parse((await box.call('GET', `/api/events/${id}`, { token: box.viewerToken })).json).retain_indefinitely).toBe(true);
    expect((await box.call('DELETE', `/api/events/${id}/retain`, { token: box.viewerToken })).status).toBe(403);
    expect((await box.call('DELETE', `/api/events/${id}/retain`)).status).toBe(200);
    expect(eventRecordSchema.parse((await box.call('GET', `/api/events/${id}`)).json).retain_indefinitely).toBe(false);
    expect((await box.call('PUT', `/api/events/${id}/end`, { token: box.viewerToken })).status).toBe(403);
    await box.call('PUT', `/api/events/${id}/end`);
    expect((await box.call('DELETE', `/api/events/${id}`, { token: box.viewerToken })).status).toBe(403);
    expect((await box.call('POST', '/api/events/1700000000.000000-zzzzzz/retain')).status).toBe(404);
    expect((await box.call('POST', '/api/events/not-an-id/retain')).status).toBe(400);
  });

  it('deletes a tracked event with its snapshot folder', async () => {
    const ev = await waitFor('an ended tracked event with a snapshot', async () => {
      const list = eventRecordSchema.array().parse((await box.call('GET', '/api/events?in_progress=0&has_snapshot=1&labels=person&limit=1')).json);
      return list[0] ?? null;
    }, 120_000, 1000);
    const folder = path.join(box.dataDir, 'events', 'demo', ev.id);
    expect(fs.existsSync(folder)).toBe(true);
    expect((await box.call('DELETE', `/api/events/${ev.id}`)).status).toBe(200);
    expect(fs.existsSync(folder)).toBe(false);
    expect((await box.call('GET', `/api/events/${ev.id}/snapshot.jpg`)).status).toBe(404);
  });
});

describe('GET /api/config', () => {
  it('shows the running config with defaults to viewers, every secret redacted', async () => {
    const r = await box.call('GET', '/api/config', { token: box.viewerToken });
    expect(r.status).toBe(200);
    const text = r.bytes.toString('utf8');
    for (const secret of ['topsecret', 'hunter2', 'mqttsecret', 'pathsecret', 'querysecret', 'hmacsecret', 'headersecret']) expect(text).not.toContain(secret);
    const cfg = r.json as { cameras: Record<string, { source: string; detect: { fps: number } }>; mqtt: { password: string }; webhooks: { url: string; secret: string }[] };
    expect(cfg.cameras.demo!.source).toBe(`file://${VTEST}`);
    expect(cfg.cameras.demo!.detect.fps).toBe(5);
    expect(cfg.cameras.porch!.source).toBe('rtsp://admin:***@127.0.0.1:9/porch?password=***&channel=1');
    expect(cfg.mqtt.password).toBe('***');
    expect(cfg.webhooks[0]).toMatchObject({ url: 'http://127.0.0.1:9/***', secret: '***' });
    expect((await box.call('GET', '/api/config', { token: null })).status).toBe(401);
  });
});

describe('GET /api/:camera/recordings', () => {
  it('answers segments and gaps of a range, and 4xx for bad ranges and cameras', async () => {
    const r = await box.call('GET', '/api/demo/recordings');
    expect(r.status).toBe(200);
    expect(recordingsResponseSchema.parse(r.json).camera).toBe('demo');
    const now = Date.now() / 1000;
    expect(errorCode(await box.call('GET', `/api/demo/recordings?after=${now}&before=${now - 10}`))).toBe('bad_request');
    expect(errorCode(await box.call('GET', `/api/demo/recordings?after=${now - 30 * 86400}&before=${now}`))).toBe('bad_request');
    expect(errorCode(await box.call('GET', '/api/demo/recordings?after=soon'))).toBe('bad_request');
    expect(errorCode(await box.call('GET', '/api/nope/recordings'))).toBe('not_found');
    expect(errorCode(await box.call('GET', '/api/Bad.Name/recordings'))).toBe('bad_request');
  });
});

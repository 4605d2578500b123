// Events over real HTTP from the real box (demo camera, real detector): Frigate-shaped records,
// filters, paging, thumbnails, snapshots (stored bytes, and boxes drawn where the database says
// the object was), and 4xx JSON for malformed input and path tricks.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { eventListSchema, eventRecordSchema } from '../../../server/src/api/response-schemas';
import type { Box as Rect, EventRecord } from '../../../server/src/contracts/domain';
import { waitFor } from '../../helpers/net';
import { Box, errorCode } from './box-fixture';

jest.setTimeout(180_000);

const box = new Box();
const events = async (query: string): Promise<EventRecord[]> => {
  const r = await box.call('GET', `/api/events${query}`);
  expect(r.status).toBe(200);
  return eventListSchema.parse(r.json);
};

/** Share of pixels along the top edge of `rect` close to the person box colour (#ff5a5a). */
async function edgeRedShare(jpeg: Buffer, rect: Rect): Promise<number> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const y = Math.round(rect[1]);
  let red = 0;
  let n = 0;
  for (let x = Math.round(rect[0]) + 2; x < Math.round(rect[2]) - 2; x++) {
    const i = (y * info.width + x) * info.channels;
    n++;
    if (data[i]! > 200 && data[i + 1]! < 140 && data[i + 2]! < 140) red++;
  }
  return n > 0 ? red / n : 0;
}

/** A GET whose path reaches the server byte for byte. */
function rawGet(p: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: box.vigil.port, path: p, headers: { authorization: `Bearer ${box.adminToken}` } }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
  });
}

beforeAll(() => box.start());
afterAll(() => box.stop());

describe('GET /api/events', () => {
  let all: EventRecord[];
  beforeAll(async () => {
    all = await waitFor('a few events with snapshots, one ended', async () => {
      const list = await events('?limit=1000');
      return list.filter((e) => e.has_snapshot).length >= 3 && list.some((e) => e.end_time !== null) ? list : null;
    }, 120_000, 1000);
  });

  it('answers Frigate-shaped records with absolute and relative boxes and ISO times', () => {
    const e = all.find((x) => x.has_snapshot)!;
    expect(e).toMatchObject({ camera: 'demo', label: 'person', manual: false, retain_indefinitely: false });
    expect(e.id).toMatch(/^\d+\.\d{6}-[a-z0-9]{6}$/);
    expect(e.start_time_iso).toBe(new Date(Math.round(e.start_time * 1000)).toISOString());
    const { detect_width: w, detect_height: h } = e.data;
    expect([w, h]).toEqual([768, 576]);
    const [x1, y1, x2, y2] = e.box;
    expect(x2).toBeGreaterThan(x1);
    expect(e.data.box[0]).toBeCloseTo(x1 / w, 5);
    expect(e.data.box[1]).toBeCloseTo(y1 / h, 5);
    expect(e.data.box[2]).toBeCloseTo((x2 - x1) / w, 5);
    expect(e.data.box[3]).toBeCloseTo((y2 - y1) / h, 5);
    expect(e.data.type).toBe('object');
    expect(all.some((x) => x.zones.includes('yard'))).toBe(true);
    const ended = all.find((x) => x.end_time !== null)!;
    expect(ended.end_time_iso).toBe(new Date(Math.round(ended.end_time! * 1000)).toISOString());
    expect(ended.end_time! - ended.start_time).toBeLessThanOrEqual(16);
  });

  it('sorts newest first and pages with `before`', async () => {
    const starts = all.map((e) => e.start_time);
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    const first = await events('?limit=2');
    expect(first.map((e) => e.id)).toEqual(all.slice(0, 2).map((e) => e.id));
    const next = await events(`?limit=2&before=${first[1]!.start_time}`);
    expect(next.length).toBeGreaterThan(0);
    expect(next.every((e) => e.start_time < first[1]!.start_time)).toBe(true);
    const asc = await events('?sort=asc&limit=1000');
    expect(asc.map((e) => e.start_time)).toEqual([...asc.map((e) => e.start_time)].sort((a, b) => a - b));
  });

  it('filters by camera, label, zone, time, score and state', async () => {
    expect((await events('?cameras=demo,porch')).length).toBeGreaterThan(0);
    expect(await events('?camera=porch')).toEqual([]);
    expect(await events('?label=car&labels=bus')).toEqual((await events('?label=car,bus')));
    expect((await events('?labels=person')).every((e) => e.label === 'person')).toBe(true);
    expect((await events('?zone=yard')).every((e) => e.zones.includes('yard'))).toBe(true);
    expect(await events('?zones=nowhere')).toEqual([]);
    const t = all[Math.floor(all.length / 2)]!.start_time;
    expect((await events(`?after=${t}`)).every((e) => e.start_time > t)).toBe(true);
    const iso = new Date(t * 1000).toISOString();
    expect((await events(`?before=${encodeURIComponent(iso)}`)).every((e) => e.start_time < t + 0.001)).toBe(true);
    expect((await events('?min_score=0.8')).every((e) => e.top_score >= 0.8)).toBe(true);
    expect((await events('?in_progress=0')).every((e) => e.end_time !== null)).toBe(true);
    expect((await events('?in_progress=1')).every((e) => e.end_time === null)).toBe(true);
    expect((await events('?has_snapshot=true')).every((e) => e.has_snapshot)).toBe(true);
    expect((await events('?has_clip=1')).every((e) => e.has_clip)).toBe(true);
  });

  it('inlines base64 thumbnails only when asked', async () => {
    const plain = await events('?limit=5&has_snapshot=1');
    expect(plain.every((e) => e.thumbnail === undefined)).toBe(true);
    const withThumbs = await events('?limit=5&has_snapshot=1&include_thumbnails=1');
    const meta = await sharp(Buffer.from(withThumbs[0]!.thumbnail!, 'base64')).metadata();
    expect([meta.format, meta.height]).toEqual(['jpeg', 175]);
  });

  it('answers 400 JSON for malformed queries', async () => {
    for (const q of ['limit=0', 'limit=1001', 'limit=abc', 'limit=1.5', 'after=yesterday', 'before=99999999999999', 'min_score=2', 'sort=up', 'has_clip=maybe', 'colour=red', 'camera=Front!', 'camera=a&camera=b', 'zones=..%2f..']) {
      const r = await box.call('GET', `/api/events?${q}`);
      expect([q, r.status, errorCode(r)]).toEqual([q, 400, 'bad_request']);
    }
  });

  it('needs credentials', async () => {
    const r = await box.call('GET', '/api/events', { token: null });
    expect([r.status, errorCode(r)]).toEqual([401, 'unauthorized']);
  });
});

describe('one event and its media', () => {
  let ev: EventRecord;
  let snapshotRect: Rect;
  beforeAll(async () => {
    // A person: its box is drawn in the person colour the pixel check looks for.
    ev = (await events('?labels=person&has_snapshot=1&in_progress=0&limit=1'))[0]!;
    const db = new Database(path.join(box.dataDir, 'vigil.db'), { readonly: true, fileMustExist: true });
    const row = db.prepare('SELECT data FROM events WHERE id = ?').get(ev.id) as { data: string };
    db.close();
    snapshotRect = (JSON.parse(row.data) as { snapshot: { box: Rect } }).snapshot.box;
  });

  it('GET /api/events/:id answers the record', async () => {
    const r = await box.call('GET', `/api/events/${ev.id}`);
    expect(r.status).toBe(200);
    expect(eventRecordSchema.parse(r.json).id).toBe(ev.id);
  });

  it('serves the stored snapshot as is, and re-encodes it with the box where the object was', async () => {
    const stored = fs.readFileSync(path.join(box.dataDir, 'events', 'demo', ev.id, 'snapshot.jpg'));
    const plain = await box.call('GET', `/api/events/${ev.id}/snapshot.jpg`);
    expect([plain.status, plain.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    expect(plain.bytes.equals(stored)).toBe(true);
    const boxed = await box.call('GET', `/api/events/${ev.id}/snapshot.jpg?bbox=1&quality=90`);
    expect(await edgeRedShare(boxed.bytes, snapshotRect)).toBeGreaterThan(0.8);
    expect(await edgeRedShare(plain.bytes, snapshotRect)).toBeLessThan(0.3);
    const small = await box.call('GET', `/api/events/${ev.id}/snapshot.jpg?crop=1&height=120`);
    const meta = await sharp(small.bytes).metadata();
    expect([meta.format, meta.height]).toEqual(['jpeg', 120]);
    expect(meta.width).toBeLessThan(200);
  });

  it('serves the thumbnail', async () => {
    const r = await box.call('GET', `/api/events/${ev.id}/thumbnail.jpg`);
    expect(r.status).toBe(200);
    expect((await sharp(r.bytes).metadata()).height).toBe(175);
  });

  it('answers 404 for an unknown id, 400 for malformed ids and path tricks, as JSON', async () => {
    const unknown = await box.call('GET', '/api/events/1700000000.000000-zzzzzz');
    expect([unknown.status, errorCode(unknown)]).toEqual([404, 'not_found']);
    expect(errorCode(await box.call('GET', '/api/events/1700000000.000000-zzzzzz/clip.mp4'))).toBe('not_found');
    for (const p of ['/api/events/abc', '/api/events/..%2f..%2fvigil.db/snapshot.jpg', `/api/events/${ev.id}%2f..%2f..%2fvigil.db/clip.mp4`, '/api/events/%2e%2e/thumbnail.jpg', `/api/events/${encodeURIComponent(`${ev.id}/../x`)}/snapshot.jpg`, '/api/events/1.0-a%00/clip.mp4']) {
      const r = await box.call('GET', p);
      expect([p, r.status, errorCode(r)]).toEqual([p, 400, 'bad_request']);
    }
    // Sent as is (fetch would normalise the dots away before they reach the server).
    for (const p of ['/api/events/../../vigil.db', '/api/demo/../../vigil.db', '/api/events/%2e%2e/%2e%2e/vigil.db', `/api/events/${ev.id}/../../../vigil.db`]) {
      const r = await rawGet(p);
      expect([p, r.status >= 400 && r.status < 500, r.type]).toEqual([p, true, 'application/json; charset=utf-8']);
      expect(r.body).not.toContain('SQLite format');
    }
    const outside = await rawGet('/../vigil.db');
    expect(outside.body).not.toContain('SQLite format');
    const badQuery = await box.call('GET', `/api/events/${ev.id}/snapshot.jpg?height=0`);
    expect([badQuery.status, errorCode(badQuery)]).toEqual([400, 'bad_request']);
  });
});

describe('event clips made by the recorder', () => {
  it('serves a playable clip of an ended event, with byte ranges', async () => {
    const ev = await waitFor('an event with a clip', async () => (await events('?has_clip=1&limit=1'))[0] ?? null, 150_000, 2000);
    const clipPath = path.join(box.dataDir, 'events', 'demo', ev.id, 'clip.mp4');
    const file = fs.readFileSync(clipPath);
    const full = await box.call('GET', `/api/events/${ev.id}/clip.mp4`);
    expect([full.status, full.headers.get('content-type')]).toEqual([200, 'video/mp4']);
    expect(full.bytes.equals(file)).toBe(true);
    // The bytes served are the file's, so probing the file probes what was served.
    const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', clipPath]).toString()) as { streams: { codec_name: string }[] };
    expect(probe.streams[0]!.codec_name).toBe('h264');
    const part = await box.call('GET', `/api/events/${ev.id}/clip.mp4`, { headers: { range: 'bytes=1000-4999' } });
    expect([part.status, part.headers.get('content-range')]).toEqual([206, `bytes 1000-4999/${file.length}`]);
    expect(part.bytes.equals(file.subarray(1000, 5000))).toBe(true);
  });
});

describe('GET /api/:camera/latest.jpg', () => {
  it('draws the boxes and labels of tracked objects when bbox=1', async () => {
    await waitFor('a frame with labels drawn', async () => {
      const [plain, boxed] = await Promise.all([box.call('GET', '/api/demo/latest.jpg'), box.call('GET', '/api/demo/latest.jpg?bbox=1')]);
      const red = async (b: Buffer) => {
        const { data } = await sharp(b).raw().toBuffer({ resolveWithObject: true });
        let n = 0;
        for (let i = 0; i < data.length; i += 3) if (data[i]! > 220 && data[i + 1]! > 60 && data[i + 1]! < 120 && data[i + 2]! > 60 && data[i + 2]! < 120) n++;
        return n;
      };
      return (await red(boxed.bytes)) > (await red(plain.bytes)) + 500;
    }, 60_000, 500);
  });

  it('answers 404 for an unknown camera and 400 for a bad query', async () => {
    expect(errorCode(await box.call('GET', '/api/nope/latest.jpg'))).toBe('not_found');
    expect(errorCode(await box.call('GET', '/api/demo/latest.jpg?bbox=2'))).toBe('bad_request');
    expect(errorCode(await box.call('GET', '/api/demo/latest.jpg?size=2'))).toBe('bad_request');
  });
});

// Clips over real HTTP with Range: an event clip (a real H.264 file referenced by a real event row)
// and exports cut by ffmpeg from recorded segments. The data folder is prepared the way the
// recorder leaves it (segment files under their indexed names, found by startup reconciliation).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { recordingsResponseSchema } from '../../../server/src/api/response-schemas';
import { newEventId } from '../../../server/src/events/event-id';
import { closeDatabase, openDatabase } from '../../../server/src/storage/database';
import { EventRepository } from '../../../server/src/storage/event.repository';
import { eventMediaPath, segmentPath } from '../../../server/src/lib/media-paths';
import { tempDir, vtestH264 } from '../../helpers/fixtures';
import { BOX_CONFIG, Box, errorCode } from './box-fixture';

jest.setTimeout(180_000);

const CONFIG = BOX_CONFIG.replace('cameras:', 'record: { continuous: { days: 1 } }\ncameras:');

function probeSeconds(file: string): number {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]).toString().trim());
}

const dir = tempDir('api-media');
const dataDir = path.join(dir, 'data');
/** Epoch seconds where the recorded footage starts (well before retention's "recent" guard). */
const base = Math.floor(Date.now() / 1000) - 600;
const segments: { rel: string; start: number; end: number }[] = [];
let eventId = '';
let clipFile = '';

/** Three ~10 s segments of real H.264 video and one ended event whose clip is the first one. */
function prepareDataFolder(): void {
  const split = path.join(dir, 'split');
  fs.mkdirSync(split, { recursive: true });
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', vtestH264(30), '-c', 'copy', '-f', 'segment', '-segment_time', '10', '-reset_timestamps', '1', path.join(split, 'seg%d.mp4')]);
  let t = base * 1000;
  for (const f of fs.readdirSync(split).sort()) {
    const ms = Math.round(probeSeconds(path.join(split, f)) * 1000);
    const rel = segmentPath('demo', t, ms);
    fs.mkdirSync(path.join(dataDir, path.dirname(rel)), { recursive: true });
    fs.copyFileSync(path.join(split, f), path.join(dataDir, rel));
    segments.push({ rel, start: t / 1000, end: (t + ms) / 1000 });
    t += ms;
  }
  const { db } = openDatabase({ dataDir });
  eventId = newEventId(base + 2);
  const rel = eventMediaPath('demo', eventId, 'clip.mp4');
  clipFile = path.join(dataDir, rel);
  fs.mkdirSync(path.dirname(clipFile), { recursive: true });
  fs.copyFileSync(path.join(dataDir, segments[0]!.rel), clipFile);
  const events = new EventRepository(db);
  events.insert({
    id: eventId, camera: 'demo', label: 'person', score: 0.8, top_score: 0.9, start_time: base + 2, end_time: base + 8, zones: [],
    box: [10, 20, 110, 220], detect_width: 768, detect_height: 576, last_seen: base + 8, has_clip: true, clip_path: rel,
  });
  closeDatabase(db);
}

prepareDataFolder();
const box = new Box(CONFIG, dir);
beforeAll(() => box.start());
afterAll(() => box.stop());

describe('GET /api/events/:id/clip.mp4', () => {
  it('sends the whole clip, then byte ranges with 206 and Content-Range', async () => {
    const file = fs.readFileSync(clipFile);
    const full = await box.call('GET', `/api/events/${eventId}/clip.mp4`);
    expect([full.status, full.headers.get('content-type'), full.headers.get('accept-ranges')]).toEqual([200, 'video/mp4', 'bytes']);
    expect(full.bytes.equals(file)).toBe(true);
    const cases: [string, number, number][] = [
      ['bytes=100-999', 100, 999],
      ['bytes=0-0', 0, 0],
      [`bytes=${file.length - 500}-`, file.length - 500, file.length - 1],
      ['bytes=-300', file.length - 300, file.length - 1],
    ];
    for (const [range, from, to] of cases) {
      const r = await box.call('GET', `/api/events/${eventId}/clip.mp4`, { headers: { range } });
      expect([range, r.status, r.headers.get('content-range')]).toEqual([range, 206, `bytes ${from}-${to}/${file.length}`]);
      expect(r.bytes.equals(file.subarray(from, to + 1))).toBe(true);
    }
  });

  it('answers 416 JSON with the size for a range beyond the end', async () => {
    const size = fs.statSync(clipFile).size;
    const r = await box.call('GET', `/api/events/${eventId}/clip.mp4`, { headers: { range: `bytes=${size + 10}-${size + 20}` } });
    expect([r.status, errorCode(r), r.headers.get('content-range')]).toEqual([416, 'range_not_satisfiable', `bytes */${size}`]);
  });

  it('answers 404 JSON when the event has no clip', async () => {
    const r = await box.call('GET', '/api/events/1700000000.000000-nothin/clip.mp4');
    expect([r.status, errorCode(r)]).toEqual([404, 'not_found']);
  });
});

describe('recordings', () => {
  it('lists the indexed segments of a range', async () => {
    const r = await box.call('GET', `/api/demo/recordings?after=${base - 60}&before=${base + 60}`);
    const body = recordingsResponseSchema.parse(r.json);
    expect(body.segments.map((s) => s.path)).toEqual(segments.map((s) => s.rel));
    expect(body.segments[0]!.start_time).toBeCloseTo(segments[0]!.start, 3);
    expect(body.segments.every((s) => s.bytes > 0 && s.duration > 9 && s.duration < 11)).toBe(true);
  });

  it('exports a range across segments as one playable MP4, with Range support', async () => {
    const from = base + 5;
    const to = segments[2]!.start + 4;
    const url = `/api/demo/start/${from}/end/${to}/clip.mp4`;
    const r = await box.call('GET', url);
    expect([r.status, r.headers.get('content-type')]).toEqual([200, 'video/mp4']);
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="demo-${from}-${Math.ceil(to)}.mp4"`);
    const out = path.join(dir, 'export.mp4');
    fs.writeFileSync(out, r.bytes);
    const seconds = probeSeconds(out);
    // Stream copy starts at the keyframe at or before `from` (keyframes every 2 s here).
    expect(seconds).toBeGreaterThan(to - from - 0.5);
    expect(seconds).toBeLessThan(to - from + 2.5);
    const part = await box.call('GET', url, { headers: { range: 'bytes=0-1023' } });
    expect([part.status, part.bytes.length]).toEqual([206, 1024]);
    expect(part.bytes.equals(r.bytes.subarray(0, 1024))).toBe(true);
  });

  it('answers 404 for a range without footage and 4xx JSON for bad ranges and cameras', async () => {
    expect(errorCode(await box.call('GET', `/api/demo/start/${base - 5000}/end/${base - 4000}/clip.mp4`))).toBe('not_found');
    expect(errorCode(await box.call('GET', `/api/demo/start/${base + 10}/end/${base + 5}/clip.mp4`))).toBe('bad_request');
    expect(errorCode(await box.call('GET', `/api/demo/start/${base}/end/${base + 4 * 3600}/clip.mp4`))).toBe('bad_request');
    expect(errorCode(await box.call('GET', '/api/demo/start/abc/end/def/clip.mp4'))).toBe('bad_request');
    expect(errorCode(await box.call('GET', `/api/nope/start/${base}/end/${base + 5}/clip.mp4`))).toBe('not_found');
    expect(errorCode(await box.call('GET', `/api/..%2fdemo/start/${base}/end/${base + 5}/clip.mp4`))).toBe('bad_request');
  });
});

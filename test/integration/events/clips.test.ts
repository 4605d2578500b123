// Clips cut from real segments with ffmpeg (stream copy): the packets are the recorded ones, the
// index is in front, holes are skipped, Chromium plays the result. Segments are 4 s stream-copied
// pieces of an H.264 vtest with a keyframe every 2 s, indexed in a real vigil.db at a fixed epoch.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ClipCache } from '../../../server/src/events/clip-cache';
import { assembleClip, exportClip } from '../../../server/src/events/clips';
import { probeMedia } from '../../../server/src/events/media-tools';
import { SegmentIndexer } from '../../../server/src/events/segment-indexer';
import { resolveMediaPath } from '../../../server/src/lib/media-paths';
import { vtestH264 } from '../../helpers/fixtures';
import { openRecorderFixture, type RecorderFixture } from './recorder-fixture';

jest.setTimeout(120_000);

const CAM = 'gate';
const BASE = 1_717_200_000; // 2024-06-01T00:00:00Z
const FPS = 10;
/** The source has a keyframe every 20 frames: a clip may start up to this much before `from`. */
const KEY_S = 2;

function packetHashes(file: string): string[] {
  const out = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v:0', '-c', 'copy', '-f', 'framemd5', '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(',').at(-1)!.trim());
}

/**
 * The clip's packets are the source packets `from` (inclusive) to `to` (exclusive) index. Keyframes
 * are compared by position only: the concat demuxer repeats SPS/PPS in front of each of them (its
 * auto conversion to Annex B and back), every other packet is byte-identical.
 */
function expectSamePackets(clip: string[], src: string[], ranges: [number, number][]): void {
  const want = ranges.flatMap(([a, b]) => Array.from({ length: b - a }, (_, k) => a + k));
  expect(clip).toHaveLength(want.length);
  const differing = want.filter((idx, i) => clip[i] !== src[idx]);
  expect(differing.every((idx) => idx % 20 === 0)).toBe(true);
  expect(differing.length).toBeLessThanOrEqual(want.filter((idx) => idx % 20 === 0).length);
}

/** Top-level MP4 box types in file order. */
function topBoxes(file: string): string[] {
  const b = fs.readFileSync(file);
  const out: string[] = [];
  for (let off = 0; off + 8 <= b.length; ) {
    let size = b.readUInt32BE(off);
    const type = b.toString('latin1', off + 4, off + 8);
    if (size === 1) size = Number(b.readBigUInt64BE(off + 8));
    else if (size === 0) size = b.length - off;
    out.push(type);
    off += size;
  }
  return out;
}

describe('clips from recorded segments', () => {
  const source = vtestH264(80);
  const sourcePackets = packetHashes(source);
  let f: RecorderFixture;
  let abs: string[];

  beforeAll(async () => {
    f = openRecorderFixture('clips');
    const work = path.join(f.dir, 'cut');
    fs.mkdirSync(work);
    execFileSync('ffmpeg', ['-v', 'error', '-i', source, '-t', '20', '-map', '0:v', '-c', 'copy', '-f', 'segment', '-segment_time', '4', '-reset_timestamps', '1', '-segment_format', 'mp4', path.join(work, 's%02d.mp4.tmp')]);
    const indexer = new SegmentIndexer({ camera: CAM, dataDir: f.dir, store: f.segments });
    abs = [];
    for (let i = 0; i < 5; i++) {
      const r = await indexer.index(path.join(work, `s0${i}.mp4.tmp`), BASE + 4 * i, BASE + 4 * (i + 1));
      if (!r.ok) throw new Error(r.message);
      abs.push(resolveMediaPath(f.dir, r.segment.path));
    }
  });

  afterAll(() => f.close());

  const sources = () => abs.map((p, i) => ({ path: p, start: BASE + 4 * i, end: BASE + 4 * (i + 1) }));

  it('cuts a range over three segments without re-encoding: the recorded packets from the keyframe before `from` to `to`', async () => {
    const out = path.join(f.dir, 'out', 'three.mp4');
    const r = await assembleClip({ segments: sources(), from: BASE + 3.1, to: BASE + 10.3, out });
    expect(r).toMatchObject({ path: out, codec: 'h264', parts: 3, holes: [] });
    // The clip starts at the keyframe at 2.0 s (the last one at or before 3.1 s): 1.1 s early, which
    // is within one keyframe interval, and ends exactly at `to`.
    expect(r.start).toBeCloseTo(BASE + 2, 2);
    expect(r.duration).toBeGreaterThanOrEqual(7.2 - 0.05);
    expect(r.duration).toBeLessThanOrEqual(7.2 + KEY_S + 0.05);
    expect(r.duration).toBeCloseTo(8.3, 2);
    expectSamePackets(packetHashes(out), sourcePackets, [[2 * FPS, 10.3 * FPS]]);
    const boxes = topBoxes(out);
    expect(boxes.indexOf('moov')).toBeGreaterThanOrEqual(0);
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
    expect(fs.readdirSync(path.dirname(out))).toEqual(['three.mp4']);
  });

  it('skips a missing middle segment and reports the hole', async () => {
    const segs = sources();
    const missing = `${abs[1]}.gone`;
    fs.renameSync(abs[1]!, missing);
    try {
      const out = path.join(f.dir, 'out', 'hole.mp4');
      const r = await assembleClip({ segments: segs, from: BASE + 3.1, to: BASE + 10.3, out });
      expect(r.parts).toBe(2);
      expect(r.holes).toEqual([[BASE + 4, BASE + 8]]);
      expect(r.duration).toBeCloseTo(8.3 - 4, 2);
      expectSamePackets(packetHashes(out), sourcePackets, [[20, 40], [80, 103]]);
    } finally {
      fs.renameSync(missing, abs[1]!);
    }
  });

  it('no segment for the range → not_found; a bad range → bad_request', async () => {
    const out = path.join(f.dir, 'out', 'none.mp4');
    await expect(assembleClip({ segments: sources(), from: BASE + 100, to: BASE + 110, out })).rejects.toMatchObject({ code: 'not_found' });
    await expect(assembleClip({ segments: [{ path: '/nonexistent/a.mp4', start: BASE, end: BASE + 4 }], from: BASE, to: BASE + 2, out })).rejects.toMatchObject({ code: 'not_found' });
    await expect(assembleClip({ segments: sources(), from: BASE + 5, to: BASE + 5, out })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(exportClip({ camera: CAM, from: BASE + 100, to: BASE + 110, dataDir: f.dir, segments: f.segments, cache: new ClipCache(f.dir) })).rejects.toMatchObject({ code: 'not_found' });
    await expect(exportClip({ camera: '../x', from: BASE, to: BASE + 1, dataDir: f.dir, segments: f.segments, cache: new ClipCache(f.dir) })).rejects.toMatchObject({ code: 'bad_request' });
    expect(fs.existsSync(out)).toBe(false);
  });

  it('exportClip reuses its cache and evicts the least recently used clip beyond the bound', async () => {
    const first = await exportClip({ camera: CAM, from: BASE + 1, to: BASE + 9, dataDir: f.dir, segments: f.segments, cache: new ClipCache(f.dir) });
    expect(first.cached).toBe(false);
    expect(first.path.startsWith(path.join(f.dir, 'clips', CAM))).toBe(true);
    const again = await exportClip({ camera: CAM, from: BASE + 1, to: BASE + 9, dataDir: f.dir, segments: f.segments, cache: new ClipCache(f.dir) });
    expect(again).toMatchObject({ cached: true, path: first.path, duration: first.duration, start: first.start });
    // Room for about one clip: making a second evicts the first.
    const bounded = new ClipCache(f.dir, first.bytes + 1000);
    const second = await exportClip({ camera: CAM, from: BASE + 10, to: BASE + 18, dataDir: f.dir, segments: f.segments, cache: bounded });
    expect(fs.existsSync(second.path)).toBe(true);
    expect(fs.existsSync(first.path)).toBe(false);
  });

  it('Chromium plays an assembled clip', async () => {
    const out = path.join(f.dir, 'out', 'play.mp4');
    const clip = await assembleClip({ segments: sources(), from: BASE + 5, to: BASE + 15, out });
    const info = await probeMedia(out);
    expect(info.video).toMatchObject({ codec: 'h264', width: 768, height: 576 });
    const srv = http.createServer((req, res) => {
      if (req.url === '/clip.mp4') {
        const body = fs.readFileSync(out);
        res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': body.length });
        res.end(body);
      } else {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>clip</title>');
      }
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.goto(`${base}/`);
      // Runs in the page (this project's TypeScript has no DOM types, so it is passed as text).
      const played = (await page.evaluate(`(async (url) => {
        const v = document.createElement('video');
        v.muted = true;
        v.src = url;
        document.body.appendChild(v);
        await v.play();
        await new Promise((done) => v.addEventListener('timeupdate', () => v.currentTime > 1 && done()));
        return { width: v.videoWidth, height: v.videoHeight, duration: v.duration, error: v.error ? v.error.code : null };
      })(${JSON.stringify(`${base}/clip.mp4`)})`)) as { width: number; height: number; duration: number; error: number | null };
      expect(played).toMatchObject({ width: 768, height: 576, error: null });
      expect(played.duration).toBeCloseTo(clip.duration, 1);
    } finally {
      await browser.close();
      srv.close();
    }
  });
});

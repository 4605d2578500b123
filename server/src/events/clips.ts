// Event and export clips, cut out of recorded segments without re-encoding: ffmpeg's concat
// demuxer with in/out-points and `-c copy`, index moved to the front (faststart) so a browser plays
// it while downloading. Written to a temp name, then renamed. A clip starts at the keyframe at or
// before `from` (at most one keyframe interval early) and ends at `to`; holes are skipped.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../lib/errors';
import { resolveMediaPath, TEMP_SUFFIX } from '../lib/media-paths';
import type { ClipCache } from './clip-cache';
import { concatList, planClip, plannedSeconds, type ClipPlan, type ClipSource } from './clip-plan';
import { probeMedia, runFfmpeg, type MediaInfo } from './media-tools';
import type { SegmentStore } from './ports';

/** Longest clip assembled in one request. */
export const MAX_CLIP_SECONDS = 3 * 3600;

export interface ClipRequest {
  segments: readonly ClipSource[];
  /** Epoch seconds. */
  from: number;
  to: number;
  /** Absolute output path (.mp4). */
  out: string;
}

export interface ClipResult {
  path: string;
  /** Epoch seconds of the first frame (a keyframe at or before `from`). */
  start: number;
  /** Seconds of video in the file (ffprobe). */
  duration: number;
  bytes: number;
  codec: string;
  /** Segments used. */
  parts: number;
  /** Spans of the range without footage (not in the file). */
  holes: [number, number][];
}

function checkRange(from: number, to: number): void {
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) throw new AppError('bad_request', `invalid clip range ${from}..${to}`);
  if (to - from > MAX_CLIP_SECONDS) throw new AppError('bad_request', `a clip may span at most ${MAX_CLIP_SECONDS} s`);
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

function describe(plan: ClipPlan, info: MediaInfo, file: string, bytes: number): ClipResult {
  // Only the first part can start early (at its keyframe); the lead-in is what the file has extra.
  const leadIn = Math.max(0, info.duration - plannedSeconds(plan));
  return {
    path: file,
    start: (plan.parts[0]?.from ?? 0) - leadIn,
    duration: info.duration,
    bytes,
    codec: info.video?.codec ?? 'unknown',
    parts: plan.parts.length,
    holes: plan.holes,
  };
}

/** Cuts [from, to] out of the segments that exist. AppError('not_found') when none covers it. */
export async function assembleClip(req: ClipRequest): Promise<ClipResult> {
  checkRange(req.from, req.to);
  const present: ClipSource[] = [];
  for (const s of req.segments) if (await exists(s.path)) present.push(s);
  const plan = planClip(present, req.from, req.to);
  if (plan.parts.length === 0) throw new AppError('not_found', 'no recording covers this time range');
  await fs.mkdir(path.dirname(req.out), { recursive: true });
  const tag = `${process.pid}-${randomBytes(3).toString('hex')}`;
  const list = `${req.out}.${tag}.ffconcat${TEMP_SUFFIX}`;
  const tmp = `${req.out}.${tag}${TEMP_SUFFIX}`;
  try {
    await fs.writeFile(list, concatList(plan.parts));
    await runFfmpeg(['-f', 'concat', '-safe', '0', '-i', list, '-map', '0:v', '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', tmp], 120_000);
    const info = await probeMedia(tmp);
    if (!info.video) throw new AppError('internal', 'the assembled clip has no video');
    await fs.rename(tmp, req.out);
    return describe(plan, info, req.out, (await fs.stat(req.out)).size);
  } finally {
    await fs.rm(list, { force: true });
    await fs.rm(tmp, { force: true });
  }
}

export interface ExportClipOptions {
  camera: string;
  from: number;
  to: number;
  dataDir: string;
  segments: SegmentStore;
  cache: ClipCache;
}

/**
 * `GET /api/:camera/start/:start/end/:end/clip.mp4`: the clip from the cache, or assembled into
 * it. The cache name covers the exact segments used, so footage indexed later makes a new clip.
 */
export async function exportClip(o: ExportClipOptions): Promise<ClipResult & { cached: boolean }> {
  if (!/^[a-z0-9_-]+$/.test(o.camera)) throw new AppError('bad_request', `invalid camera name ${JSON.stringify(o.camera)}`);
  checkRange(o.from, o.to);
  const rows = o.segments.listSegments(o.camera, o.from, o.to);
  if (rows.length === 0) throw new AppError('not_found', `no recording of ${o.camera} covers this time range`);
  const sources = rows.map((r) => ({ path: resolveMediaPath(o.dataDir, r.path), start: r.start_time, end: r.end_time }));
  const key = createHash('sha1')
    .update(JSON.stringify([o.from, o.to, rows.map((r) => [r.id, r.path])]))
    .digest('hex')
    .slice(0, 12);
  const out = path.join(o.cache.dir, o.camera, `${Math.round(o.from * 1000)}-${Math.round(o.to * 1000)}-${key}.mp4`);
  if (await o.cache.hit(out)) {
    const info = await probeMedia(out);
    return { ...describe(planClip(sources, o.from, o.to), info, out, info.bytes), cached: true };
  }
  const result = await assembleClip({ segments: sources, from: o.from, to: o.to, out });
  await o.cache.prune(out);
  return { ...result, cached: false };
}

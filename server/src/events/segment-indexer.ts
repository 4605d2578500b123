// Turns a finished temp segment into an indexed one: renamed to its final, parseable name under
// recordings/ (day folder created), then a row is inserted. The rename comes first so a crash in
// between leaves a complete file that startup reconciliation can index from its name.
import fs from 'node:fs/promises';
import path from 'node:path';
import { errorMessage, isAppError } from '../lib/errors';
import { resolveMediaPath, segmentPath } from '../lib/media-paths';
import type { SegmentStore } from './ports';

/** Longer than any segment the recorder writes (segments are cut every few seconds). */
const MAX_SEGMENT_S = 3600;
/** Shorter than one frame: nothing worth keeping. */
const MIN_SEGMENT_S = 0.01;

export interface IndexedSegment {
  id: number;
  /** Relative to the data folder. */
  path: string;
  start: number;
  end: number;
  bytes: number;
}

export type IndexResult =
  | { ok: true; segment: IndexedSegment }
  | { ok: false; reason: 'invalid' | 'disk_full' | 'failed'; message: string };

export interface SegmentIndexerOptions {
  camera: string;
  dataDir: string;
  store: SegmentStore;
}

/**
 * Renames without ever replacing: a same-named file is the same footage indexed already. A hard
 * link fails atomically when the target exists; file systems without links (FAT) fall back to a check.
 */
async function moveNoReplace(from: string, to: string): Promise<void> {
  try {
    await fs.link(from, to);
    await fs.rm(from, { force: true });
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
  }
  const exists = await fs.access(to).then(() => true, () => false);
  if (exists) throw Object.assign(new Error(`${to} exists`), { code: 'EEXIST' });
  await fs.rename(from, to);
}

export class SegmentIndexer {
  constructor(private readonly o: SegmentIndexerOptions) {}

  /** `temp` is an absolute path of a closed segment; times are epoch seconds. */
  async index(temp: string, start: number, end: number): Promise<IndexResult> {
    const duration = end - start;
    if (!Number.isFinite(start) || !Number.isFinite(end) || start <= 0 || duration < MIN_SEGMENT_S || duration > MAX_SEGMENT_S) {
      await fs.rm(temp, { force: true });
      return { ok: false, reason: 'invalid', message: `segment ${path.basename(temp)} has unusable times ${start}..${end}` };
    }
    let bytes: number;
    try {
      bytes = (await fs.stat(temp)).size;
    } catch (e) {
      return { ok: false, reason: 'failed', message: `segment ${path.basename(temp)} vanished: ${errorMessage(e)}` };
    }
    if (bytes === 0) {
      await fs.rm(temp, { force: true });
      return { ok: false, reason: 'invalid', message: `segment ${path.basename(temp)} is empty` };
    }
    // The row holds exactly what the name says (milliseconds), so both always agree.
    const startMs = Math.round(start * 1000);
    const durationMs = Math.round(duration * 1000);
    const rel = segmentPath(this.o.camera, startMs, durationMs);
    const abs = resolveMediaPath(this.o.dataDir, rel);
    try {
      await fs.mkdir(path.dirname(abs), { recursive: true });
      await moveNoReplace(temp, abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        await fs.rm(temp, { force: true });
        return { ok: false, reason: 'invalid', message: `segment ${rel} exists already` };
      }
      if (code === 'ENOSPC' || code === 'EDQUOT') {
        await fs.rm(temp, { force: true });
        return { ok: false, reason: 'disk_full', message: `no space to store ${rel}` };
      }
      return { ok: false, reason: 'failed', message: `cannot move segment to ${rel}: ${errorMessage(e)}` };
    }
    const s = startMs / 1000;
    const t = (startMs + durationMs) / 1000;
    try {
      const id = this.o.store.insertSegment({ camera: this.o.camera, path: rel, start_time: s, end_time: t, bytes });
      return { ok: true, segment: { id, path: rel, start: s, end: t, bytes } };
    } catch (e) {
      // The file stays under its parseable name: reconciliation indexes it at the next start.
      return { ok: false, reason: 'failed', message: `cannot index ${rel}: ${isAppError(e) ? e.message : errorMessage(e)}` };
    }
  }
}

// Shared setup of the recorder integration tests: a temp data folder with a real vigil.db and the
// storage repositories, capture supervisors, a log sink, and checks on indexed segment files.
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { CaptureInit } from '../../../server/src/contracts/worker-protocol';
import { RECONNECT_STEPS_MS } from '../../../server/src/lib/backoff';
import type { Logger } from '../../../server/src/lib/logger';
import type { StoredSegment } from '../../../server/src/events/ports';
import { probeMedia, type MediaInfo } from '../../../server/src/events/media-tools';
import { cameraRunsDir, recorderProcesses } from '../../../server/src/events/recorder-orphans';
import { closeDatabase, openDatabase, type Db } from '../../../server/src/storage/database';
import { GapRepository } from '../../../server/src/storage/gap.repository';
import { parseSegmentPath, resolveMediaPath } from '../../../server/src/lib/media-paths';
import { SegmentRepository } from '../../../server/src/storage/segment.repository';
import { tempDir } from '../../helpers/fixtures';

export interface RecorderFixture {
  dir: string;
  db: Db;
  segments: SegmentRepository;
  gaps: GapRepository;
  close(): void;
}

export function openRecorderFixture(prefix: string): RecorderFixture {
  const dir = tempDir(prefix);
  const { db } = openDatabase({ dataDir: dir });
  return {
    dir,
    db,
    segments: new SegmentRepository(db),
    gaps: new GapRepository(db),
    close() {
      closeDatabase(db);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A logger whose lines are kept (JSON objects) so tests can read what was logged. */
export function memoryLogger(level = 'debug'): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { log: pino({ level }, sink), lines };
}

export function captureInit(camera: string, source: string, kind: 'file' | 'rtsp', extra: Partial<CaptureInit> = {}): CaptureInit {
  return {
    camera, source, kind, rtspTransport: 'tcp', detectWidth: 384, detectHeight: 288, detectFps: 5, mode: 'live', loop: true,
    stallTimeoutMs: 20_000, reconnectStepsMs: [...RECONNECT_STEPS_MS],
    motion: { enabled: false, threshold: 30, contourArea: 10, frameHeight: 120, frameAlpha: 0.01, calibrateAlpha: 0.2, calibrationFrames: 10, lightningThreshold: 0.8, improveContrast: true, mask: [], maskRelative: false },
    model: null, scanIntervalS: 0,
    ...extra,
  };
}

export function allSegments(f: RecorderFixture, camera: string): StoredSegment[] {
  return f.segments.listSegments(camera, 0, 1e11);
}

export interface CheckedSegment extends StoredSegment {
  info: MediaInfo;
}

/** Every indexed row names a complete, parseable, existing H.264 file whose length matches the row. */
export async function checkSegmentFiles(f: RecorderFixture, rows: StoredSegment[]): Promise<CheckedSegment[]> {
  const out: CheckedSegment[] = [];
  for (const r of rows) {
    expect(r.path.endsWith('.tmp')).toBe(false);
    const parsed = parseSegmentPath(r.path);
    expect(parsed).not.toBeNull();
    expect(parsed?.start).toBeCloseTo(r.start_time, 3);
    expect(parsed?.end).toBeCloseTo(r.end_time, 3);
    const abs = resolveMediaPath(f.dir, r.path);
    expect(fs.statSync(abs).size).toBe(r.bytes);
    const info = await probeMedia(abs);
    expect(info.video?.codec).toBe('h264');
    // Each segment plays from 0 and lasts what its row says (within about a frame).
    expect(Math.abs(info.startTime)).toBeLessThan(0.05);
    expect(Math.abs(info.duration - (r.end_time - r.start_time))).toBeLessThan(0.15);
    out.push({ ...r, info });
  }
  return out;
}

/** Consecutive segments touch: the next starts where the previous ended (within a frame). */
export function expectContiguous(rows: StoredSegment[], tolerance = 0.12): void {
  for (let i = 1; i < rows.length; i++) {
    const gap = (rows[i] as StoredSegment).start_time - (rows[i - 1] as StoredSegment).end_time;
    expect(Math.abs(gap)).toBeLessThan(tolerance);
  }
}

/** The ffmpeg processes currently writing into this camera's run folders. */
export function recorderPids(dataDir: string, camera: string): number[] {
  const root = cameraRunsDir(dataDir, camera);
  let dirs: string[];
  try {
    dirs = fs.readdirSync(root).map((n) => path.join(root, n));
  } catch {
    return [];
  }
  return [...recorderProcesses(dirs).values()].flat();
}

/** Temp files present in this camera's run folders. */
export function tempFiles(dataDir: string, camera: string): string[] {
  const root = cameraRunsDir(dataDir, camera);
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).flatMap((run) => fs.readdirSync(path.join(root, run)).filter((n) => n.endsWith('.tmp')).map((n) => path.join(run, n)));
}

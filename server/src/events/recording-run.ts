// One recording run: the folder one ffmpeg process writes its temp segments and CSV list into.
// Reads newly listed (finished) segments and gives each its epoch start and end.
import fs from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { TEMP_SUFFIX } from '../lib/media-paths';
import { probeMedia, remuxFromZero } from './media-tools';
import type { RunFiles, RunTimeBase } from './recorder-args';
import { SegmentListReader, type SegmentListEntry } from './segment-list';

export interface FinishedSegment {
  /** Absolute temp path inside the run folder. */
  file: string;
  /** Epoch seconds. */
  start: number;
  end: number;
}

/** Anything below this is not an epoch time (ffmpeg's placeholder 0 for a first segment). */
const EPOCH_FLOOR_S = 1e9;

export class RecordingRun {
  private offset = 0;
  private readonly reader = new SegmentListReader();
  /** Entries waiting for the time base (an `offset` run before ffmpeg printed its start). */
  private held: SegmentListEntry[] = [];
  private closed = false;
  private firstDone = false;

  constructor(
    readonly files: RunFiles,
    private timeBase: RunTimeBase,
    readonly generation: number,
    private readonly log: Logger,
  ) {}

  get dir(): string {
    return this.files.dir;
  }

  /** The epoch (seconds) that `offset` times count from, once known. */
  setEpoch(epoch: number): void {
    if (this.timeBase.kind === 'offset' && this.timeBase.epoch === null) this.timeBase = { kind: 'offset', epoch };
  }

  get hasEpoch(): boolean {
    return this.timeBase.kind === 'epoch' || this.timeBase.epoch !== null;
  }

  /** Segments listed since the last call, with epoch times; unusable ones are logged and removed. */
  async poll(): Promise<FinishedSegment[]> {
    if (this.closed) return [];
    const entries = [...this.held, ...(await this.readNew())];
    this.held = [];
    const out: FinishedSegment[] = [];
    for (const e of entries) {
      if (!this.hasEpoch) {
        this.held.push(e);
        continue;
      }
      const seg = await this.resolve(e);
      if (seg) out.push(seg);
    }
    return out;
  }

  /** Removes the run folder (temp files of unfinished or unusable segments included). */
  async remove(): Promise<void> {
    this.closed = true;
    if (this.held.length > 0) this.log.warn({ dir: this.dir, segments: this.held.length }, 'recording run ended before its start time was known; segments dropped');
    await fs.rm(this.dir, { recursive: true, force: true });
  }

  private async readNew(): Promise<SegmentListEntry[]> {
    let fh: fs.FileHandle;
    try {
      fh = await fs.open(this.files.listFile, 'r');
    } catch {
      return [];
    }
    try {
      const { size } = await fh.stat();
      if (size <= this.offset) return [];
      const buf = Buffer.alloc(size - this.offset);
      const { bytesRead } = await fh.read(buf, 0, buf.length, this.offset);
      this.offset += bytesRead;
      const entries = this.reader.push(buf.subarray(0, bytesRead).toString('utf8'));
      for (const bad of this.reader.rejected.splice(0)) this.log.warn({ line: bad }, 'unreadable segment list line');
      return entries;
    } finally {
      await fh.close();
    }
  }

  private async resolve(e: SegmentListEntry): Promise<FinishedSegment | null> {
    const file = path.resolve(this.dir, e.file);
    if (path.dirname(file) !== path.resolve(this.dir) || !file.endsWith(TEMP_SUFFIX)) {
      this.log.warn({ file: e.file }, 'segment list names a file outside its run folder; ignored');
      return null;
    }
    const base = this.timeBase.kind === 'offset' ? (this.timeBase.epoch as number) : 0;
    const first = !this.firstDone;
    this.firstDone = true;
    if (first) return this.fixFirst(file, e, base);
    return { file, start: base + e.start, end: base + e.end };
  }

  /**
   * ffmpeg 5.1 lists a run's first segment from 0 and does not reset its timestamps: they keep the
   * run's timeline (absolute with -copyts; after a mid-GOP join of a stream copy, the first kept
   * keyframe can be seconds in). Its real start is its container start time, and a stream copy
   * makes it start at 0 like the others.
   */
  private async fixFirst(file: string, e: SegmentListEntry, base: number): Promise<FinishedSegment | null> {
    try {
      const info = await probeMedia(file);
      const start = base + info.startTime;
      if (this.timeBase.kind === 'epoch' && start < EPOCH_FLOOR_S) throw new Error(`start ${info.startTime} is not a wall-clock time`);
      if (Math.abs(info.startTime) > 0.001) {
        const fixed = path.join(this.dir, `fixed-${path.basename(file)}`);
        await remuxFromZero(file, fixed);
        await fs.rename(fixed, file);
      }
      return { file, start, end: base + e.end };
    } catch (err) {
      this.log.warn({ file: path.basename(file), err: errorMessage(err) }, 'first segment of a run could not be timed; dropped');
      await fs.rm(file, { force: true });
      return null;
    }
  }
}

// Makes an ended event's clip.mp4 from the recorded segments once its footage (through end +
// post-capture) is indexed, and stores it with the event so it outlives segment retention.
import { eventMediaPath, resolveMediaPath } from '../lib/media-paths';
import type { Logger } from '../lib/logger';
import { isAppError } from '../lib/errors';
import { assembleClip } from './clips';
import type { ClipFinalizer } from './event-service';
import type { SegmentStore } from './ports';

export interface FootageSource {
  /** End (epoch s) of the camera's last indexed segment; null when nothing was recorded. */
  footageThrough(camera: string): number | null;
  /** False when the camera is not being recorded (then waiting cannot help). */
  recording(camera: string): boolean;
  /** Segment length of the camera (how long the segment holding `to` takes to finish). */
  segmentSeconds(camera: string): number;
}

export interface ClipFinalizerDeps {
  dataDir: string;
  segments: SegmentStore;
  footage: FootageSource;
  log: Logger;
  now?: () => number;
  pollMs?: number;
}

export class SegmentClipFinalizer implements ClipFinalizer {
  private closed = false;

  constructor(private readonly d: ClipFinalizerDeps) {}

  async finalize(camera: string, eventId: string, from: number, to: number): Promise<string | null> {
    await this.waitForFootage(camera, to);
    const rows = this.d.segments.listSegments(camera, from, to);
    if (rows.length === 0) return null;
    const rel = eventMediaPath(camera, eventId, 'clip.mp4');
    try {
      await assembleClip({
        segments: rows.map((r) => ({ path: resolveMediaPath(this.d.dataDir, r.path), start: r.start_time, end: r.end_time })),
        from,
        to,
        out: resolveMediaPath(this.d.dataDir, rel),
      });
      return rel;
    } catch (e) {
      if (isAppError(e) && e.code === 'not_found') return null;
      throw e;
    }
  }

  /** Stops waiting: pending clips are made from what is recorded now (shutdown, end of replay). */
  close(): void {
    this.closed = true;
  }

  private async waitForFootage(camera: string, to: number): Promise<void> {
    const now = this.d.now ?? (() => Date.now() / 1000);
    // The segment holding `to` finishes one segment later; allow for a slow encoder or restart.
    const deadline = now() + Math.max(0, to - now()) + 2 * this.d.footage.segmentSeconds(camera) + 30;
    const poll = this.d.pollMs ?? 1000;
    while (!this.closed && this.d.footage.recording(camera) && (this.d.footage.footageThrough(camera) ?? -Infinity) < to && now() < deadline) {
      await new Promise((r) => setTimeout(r, poll));
    }
  }
}

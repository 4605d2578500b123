// Per-viewer frame rate: lets a frame through when the viewer's next slot is due. Frames arrive
// at the camera's own cadence (live frames plus detection frames), so a slot may be taken up to a
// quarter interval early; after a pause the schedule restarts instead of sending a burst.

export class FpsGate {
  private due = Number.NEGATIVE_INFINITY;
  private last = Number.NEGATIVE_INFINITY;

  constructor(private fps: number) {
    this.setFps(fps);
  }

  get rate(): number {
    return this.fps;
  }

  setFps(fps: number): void {
    if (!Number.isFinite(fps) || fps <= 0) throw new RangeError(`fps must be positive, got ${fps}`);
    this.fps = fps;
    // A new rate applies from the last delivered frame, not from the old schedule.
    if (Number.isFinite(this.last)) this.due = this.last + 1000 / fps;
  }

  /** True when a frame arriving at `nowMs` should be delivered (and books the next slot). */
  take(nowMs: number): boolean {
    const interval = 1000 / this.fps;
    if (nowMs < this.due - interval / 4) return false;
    this.due = nowMs - this.due > interval ? nowMs + interval : this.due + interval;
    this.last = nowMs;
    return true;
  }
}

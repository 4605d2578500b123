// Pure timing decisions for capture: pacing a file to its native fps in live mode, and picking
// which decoded frames are processed at the detect fps.

/** Paces reads to a fixed interval on a monotonic clock; resyncs after a long stall. */
export class ReadPacer {
  private next: number | null = null;
  constructor(private readonly intervalMs: number, private readonly maxLagMs = 1000) {}

  /** Milliseconds to wait before the next read (0 = read now), given the current time. */
  delay(now: number): number {
    if (this.next === null) this.next = now;
    if (now - this.next > this.maxLagMs) this.next = now;
    return Math.max(0, this.next - now);
  }

  /** Marks a read done: the next one is due one interval later. */
  advance(): void {
    if (this.next !== null) this.next += this.intervalMs;
  }

  reset(): void {
    this.next = null;
  }
}

/**
 * Chooses frames for processing at `fps` from a stream of frame times (ms). A frame is taken when
 * its time reaches the next due time; the schedule advances in fixed steps so 10 fps → 5 fps takes
 * every other frame, and resyncs when the stream jumps (loop, reconnect).
 */
export class FrameSampler {
  private due: number | null = null;
  private readonly step: number;
  constructor(fps: number, private readonly tolerance = 0.25) {
    this.step = 1000 / fps;
  }

  take(timeMs: number): boolean {
    if (this.due === null || timeMs < this.due - this.step || timeMs - this.due > 4 * this.step) this.due = timeMs;
    // A small tolerance absorbs jitter in wall-clock frame times.
    if (timeMs + this.tolerance * this.step >= this.due) {
      this.due += this.step;
      if (this.due <= timeMs) this.due = timeMs + this.step;
      return true;
    }
    return false;
  }

  reset(): void {
    this.due = null;
  }
}

/** Events per second over a sliding window (capture fps, process fps, detect fps). */
export class RateMeter {
  private readonly times: number[] = [];
  private first: number | null = null;
  constructor(private readonly windowMs = 5000) {}

  mark(now: number): void {
    if (this.first === null) this.first = now;
    this.times.push(now);
    this.trim(now);
  }

  rate(now: number): number {
    this.trim(now);
    if (this.first === null) return 0;
    const span = Math.min(this.windowMs, Math.max(1000, now - this.first));
    return (this.times.length * 1000) / span;
  }

  private trim(now: number): void {
    while (this.times.length > 0 && now - (this.times[0] as number) > this.windowMs) this.times.shift();
  }
}

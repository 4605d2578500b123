// Gap bookkeeping of one camera's recording, so missing footage is always explained. A gap starts
// where footage ends (the end of the last indexed segment, known only once the interrupted run has
// flushed its last segment) and ends where the first segment of a later run starts.
import type { GapReason } from '../contracts/domain';
import type { GapStore, SegmentStore } from './ports';

interface Pending {
  reason: GapReason;
  detail: string | null;
  /** Epoch seconds when the interruption was noticed (used when no footage is known). */
  at: number;
  /** Run generation that was interrupted: its own late segments do not end the gap. */
  generation: number;
}

export class RecordingGaps {
  /** End of the latest indexed footage, epoch seconds. */
  lastEnd: number | null = null;
  private generation = 0;
  private pending: Pending | null = null;
  /** Rows written and still open, with the generation they were opened in. */
  private open: { id: number; reason: GapReason; generation: number }[] = [];

  constructor(
    private readonly store: GapStore,
    private readonly camera: string,
  ) {}

  /**
   * At recorder start: gaps left open by the previous run (a clean shutdown leaves 'shutdown' open)
   * stay open until new footage; `startup` or `crash` opens a gap from the last footage when
   * nothing explains the downtime yet, and `crash` always does.
   */
  startup(reason: 'startup' | 'crash', lastEnd: number | null, now: number): void {
    this.lastEnd = lastEnd;
    this.open = this.store.openGaps(this.camera).map((g) => ({ id: g.id, reason: g.reason, generation: 0 }));
    if (reason === 'crash' || this.open.length === 0) {
      const start = lastEnd !== null && lastEnd <= now ? lastEnd : now;
      this.open.push({ id: this.store.openGap(this.camera, start, reason, null), reason, generation: 0 });
    }
  }

  /** A new recording run begins; its segments end earlier gaps. */
  beginRun(): number {
    return ++this.generation;
  }

  get currentGeneration(): number {
    return this.generation;
  }

  /** Recording stopped for `reason`. The first reason of an interruption wins. */
  interrupt(reason: GapReason, detail: string | null, now: number): void {
    if (this.pending || this.open.length > 0) return;
    this.pending = { reason, detail, at: now, generation: this.generation };
  }

  /** The interrupted run flushed its last segment: the gap row can be written from the last footage. */
  settle(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    // Footage can end a little after the interruption was noticed (the flushed last segment).
    const start = this.lastEnd ?? p.at;
    this.open.push({ id: this.store.openGap(this.camera, start, p.reason, p.detail), reason: p.reason, generation: p.generation });
  }

  /** A segment [start, end] of run `generation` was indexed. */
  footage(start: number, end: number, generation: number): void {
    const newer = (g: number) => generation > g;
    if (this.pending && newer(this.pending.generation)) this.settle();
    const still: typeof this.open = [];
    for (const g of this.open) {
      if (newer(g.generation)) this.store.closeGap(g.id, start);
      else still.push(g);
    }
    this.open = still;
    if (this.lastEnd === null || end > this.lastEnd) this.lastEnd = end;
  }

  /** Is a gap open or about to be (for stats and tests). */
  get openReason(): GapReason | null {
    return this.pending?.reason ?? this.open[0]?.reason ?? null;
  }

  /**
   * Recorder closing (after its last segment was indexed): open gaps end now and a 'shutdown' gap
   * starts, to be ended by the next start's first segment.
   */
  shutdown(now: number): void {
    this.settle();
    let start = this.lastEnd !== null && this.lastEnd <= now ? this.lastEnd : now;
    if (this.open.length > 0) {
      for (const g of this.open) this.store.closeGap(g.id, now);
      this.open = [];
      start = now;
    }
    this.store.openGap(this.camera, start, 'shutdown', null);
  }
}

/** End of the camera's newest segment, looking back in growing windows (cheap when recent). */
export function lastSegmentEnd(store: SegmentStore, camera: string, now: number): number | null {
  for (const w of [3600, 86_400, 30 * 86_400, 3650 * 86_400]) {
    const rows = store.listSegments(camera, now - w, now + 3600);
    if (rows.length > 0) return rows.reduce((m, r) => Math.max(m, r.end_time), -Infinity);
  }
  return null;
}

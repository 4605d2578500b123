// Choosing onnxruntime's intra-op thread count by measurement: two threads roughly halve a run on a
// quiet two-core box but lose when the other core is busy, so more threads must earn their keep.
import os from 'node:os';

export interface ThreadSample {
  threads: number;
  medianMs: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** The thread counts worth measuring on this machine (1, and 2 when there are two cores or more). */
export function threadCandidates(cores: number = os.availableParallelism()): number[] {
  return cores >= 2 ? [1, 2] : [1];
}

/**
 * The fewest threads unless a higher count is at least `margin` (share) faster than the best
 * count chosen so far; samples may come in any order.
 */
export function pickThreads(samples: readonly ThreadSample[], margin = 0.15): number {
  const sorted = [...samples].filter((s) => Number.isFinite(s.medianMs)).sort((a, b) => a.threads - b.threads);
  let best = sorted[0];
  if (!best) return 1;
  for (const s of sorted.slice(1)) if (s.medianMs <= best.medianMs * (1 - margin)) best = s;
  return best.threads;
}

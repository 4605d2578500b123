// Non-maximum suppression per class: of overlapping boxes with the same class, keep the best.
// Pure; boxes are [x1, y1, x2, y2] in any one coordinate space (IoU does not depend on scale).
import type { Box } from '../contracts/domain';
import { iou } from '../geometry/box';

export interface ScoredBox {
  /** Class index. */
  cls: number;
  score: number;
  box: Box;
}

export interface NmsOptions {
  /** Boxes of one class overlapping a kept box by more than this IoU are dropped. */
  iouThreshold: number;
  /** At most this many boxes are returned (best first). */
  maxDetections: number;
  /** Per class, only the best `topK` candidates enter the quadratic pass (bounds the cost). */
  topK?: number;
}

const DEFAULT_TOP_K = 1000;

/** Greedy per-class NMS. Returns the kept boxes sorted by score, best first. */
export function nms<T extends ScoredBox>(items: readonly T[], opts: NmsOptions): T[] {
  const byClass = new Map<number, T[]>();
  for (const it of items) {
    let list = byClass.get(it.cls);
    if (!list) {
      list = [];
      byClass.set(it.cls, list);
    }
    list.push(it);
  }
  const kept: T[] = [];
  const topK = opts.topK ?? DEFAULT_TOP_K;
  for (const list of byClass.values()) {
    list.sort((a, b) => b.score - a.score);
    const mine: T[] = [];
    for (const cand of list.length > topK ? list.slice(0, topK) : list) {
      if (mine.length >= opts.maxDetections) break;
      if (mine.every((k) => iou(k.box, cand.box) <= opts.iouThreshold)) mine.push(cand);
    }
    kept.push(...mine);
  }
  kept.sort((a, b) => b.score - a.score);
  return kept.length > opts.maxDetections ? kept.slice(0, opts.maxDetections) : kept;
}

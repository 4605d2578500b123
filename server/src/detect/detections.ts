// From decoded candidates to Vigil detections: score floor, label allow-list, per-class NMS, then
// back through the letterbox into frame pixels, clamped to the frame. Pure.
import type { Detection } from '../contracts/domain';
import type { Letterbox } from '../contracts/worker-protocol';
import { mapToFrame } from './letterbox';
import { nms, type ScoredBox } from './nms';

export interface FinishOptions {
  minScore: number;
  nmsIou: number;
  maxDetections: number;
  /** Class index → label; '' or a missing entry means the class is not reported. */
  labels: readonly string[];
  /** Only these labels are returned (null = all). */
  allow: ReadonlySet<string> | null;
}

/** Boxes narrower or lower than this (frame pixels, after clamping) are dropped as empty. */
const MIN_SIDE = 1;

export function finishDetections(
  candidates: readonly ScoredBox[],
  letterbox: Letterbox,
  frameWidth: number,
  frameHeight: number,
  opts: FinishOptions,
): Detection[] {
  // Filtering before NMS keeps a disallowed class from being a cost (NMS is per class anyway).
  const wanted = candidates.filter((c) => {
    if (!(c.score >= opts.minScore)) return false;
    const label = opts.labels[c.cls];
    return !!label && (opts.allow === null || opts.allow.has(label));
  });
  const kept = nms(wanted, { iouThreshold: opts.nmsIou, maxDetections: opts.maxDetections });
  const out: Detection[] = [];
  for (const k of kept) {
    const box = mapToFrame(k.box, letterbox, frameWidth, frameHeight);
    if (box[2] - box[0] < MIN_SIDE || box[3] - box[1] < MIN_SIDE) continue;
    out.push({ label: opts.labels[k.cls] as string, score: k.score, box });
  }
  return out;
}

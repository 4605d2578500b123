// Detections from overlapping regions of one frame describe the same objects twice: keep the best
// of each same-label group (IoU above a threshold, or one box mostly inside a better one — a
// region edge cuts an object into a partial box).
import type { Detection } from '../contracts/domain';
import { coverage, iou } from '../geometry/box';

export function mergeRegionDetections(dets: readonly Detection[], iouThreshold = 0.5, containment = 0.8): Detection[] {
  const sorted = [...dets].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const d of sorted) {
    const dup = kept.some((k) => k.label === d.label && (iou(k.box, d.box) > iouThreshold || coverage(d.box, k.box) >= containment));
    if (!dup) kept.push(d);
  }
  return kept;
}

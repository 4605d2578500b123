// Per-label detection filters (size, shape, score) and object masks: the first defence against
// false positives (shadows, trees, pets) before anything is tracked.
import type { Box, Detection } from '../contracts/domain';
import { objectFilterSchema, type ObjectFilter, type ObjectsConfig } from '../config/schema';
import { pointInPolygon, type Point, type Polygon } from '../geometry/polygon';

/** The schema defaults: what applies to a label without its own filter. */
export const DEFAULT_OBJECT_FILTER: ObjectFilter = objectFilterSchema.parse({});

export function filterFor(label: string, filters: Record<string, ObjectFilter>): ObjectFilter {
  return filters[label] ?? DEFAULT_OBJECT_FILTER;
}

/** What a filter judges: the box and the score of one detection. */
export interface FilterSubject {
  box: Box;
  score: number;
}

/** True when the box size, its width/height ratio and the score are within the filter. */
export function passesFilter(d: FilterSubject, f: ObjectFilter): boolean {
  const w = d.box[2] - d.box[0];
  const h = d.box[3] - d.box[1];
  if (!(w > 0 && h > 0)) return false;
  const area = w * h;
  const ratio = w / h;
  return d.score >= f.min_score && area >= f.min_area && area <= f.max_area && ratio >= f.min_ratio && ratio <= f.max_ratio;
}

/**
 * Where an object stands: its bottom-centre, kept half a pixel inside the frame so an object cut
 * by the frame's bottom edge still falls inside a mask or zone drawn down to that edge.
 */
export function standingPoint(b: Box, frameWidth: number, frameHeight: number): Point {
  const x = (b[0] + b[2]) / 2;
  const y = b[3];
  return [Math.min(Math.max(x, 0.5), frameWidth - 0.5), Math.min(Math.max(y, 0.5), frameHeight - 0.5)];
}

/**
 * Detections worth tracking: tracked labels only, boxes clamped to the frame, per-label filters
 * passed, and not standing in an object mask (polygons in detect-frame pixels). Malformed
 * detections (non-finite numbers, empty boxes) are dropped: they cannot be tracked.
 */
export function filterDetections(
  dets: Detection[],
  objects: ObjectsConfig,
  objectMasks: Polygon[],
  frameWidth: number,
  frameHeight: number,
): Detection[] {
  const tracked = new Set(objects.track);
  const out: Detection[] = [];
  for (const d of dets) {
    if (!tracked.has(d.label) || !Number.isFinite(d.score) || !d.box.every(Number.isFinite)) continue;
    const box: Box = [
      clamp(Math.min(d.box[0], d.box[2]), frameWidth),
      clamp(Math.min(d.box[1], d.box[3]), frameHeight),
      clamp(Math.max(d.box[0], d.box[2]), frameWidth),
      clamp(Math.max(d.box[1], d.box[3]), frameHeight),
    ];
    if (!passesFilter({ box, score: d.score }, filterFor(d.label, objects.filters))) continue;
    const at = standingPoint(box, frameWidth, frameHeight);
    if (objectMasks.some((m) => pointInPolygon(at, m))) continue;
    out.push({ label: d.label, score: d.score, box });
  }
  return out;
}

function clamp(v: number, max: number): number {
  return Math.min(Math.max(v, 0), max);
}

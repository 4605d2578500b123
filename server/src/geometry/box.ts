// Box arithmetic on [x1, y1, x2, y2] boxes: area, intersection, IoU, clamping, scaling.
import type { Box } from '../contracts/domain';

export function boxWidth(b: Box): number {
  return Math.max(0, b[2] - b[0]);
}

export function boxHeight(b: Box): number {
  return Math.max(0, b[3] - b[1]);
}

export function boxArea(b: Box): number {
  return boxWidth(b) * boxHeight(b);
}

export function intersection(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Intersection over union; 0 for disjoint or empty boxes. */
export function iou(a: Box, b: Box): number {
  const inter = intersection(a, b);
  if (inter === 0) return 0;
  const union = boxArea(a) + boxArea(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** Share of `a` covered by `b`. */
export function coverage(a: Box, b: Box): number {
  const area = boxArea(a);
  return area > 0 ? intersection(a, b) / area : 0;
}

export function clampBox(b: Box, width: number, height: number): Box {
  return [
    Math.min(Math.max(b[0], 0), width),
    Math.min(Math.max(b[1], 0), height),
    Math.min(Math.max(b[2], 0), width),
    Math.min(Math.max(b[3], 0), height),
  ];
}

export function unionBox(a: Box, b: Box): Box {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

export function boxCenter(b: Box): [number, number] {
  return [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
}

/** Bottom-centre point: where an object stands (used for masks and zones). */
export function bottomCenter(b: Box): [number, number] {
  return [(b[0] + b[2]) / 2, b[3]];
}

export function scaleBox(b: Box, sx: number, sy: number = sx): Box {
  return [b[0] * sx, b[1] * sy, b[2] * sx, b[3] * sy];
}

export function roundBox(b: Box): Box {
  return [Math.round(b[0]), Math.round(b[1]), Math.round(b[2]), Math.round(b[3])];
}

/** True when the box touches the frame edge (within `margin` pixels): a cut-off object. */
export function touchesEdge(b: Box, width: number, height: number, margin = 2): boolean {
  return b[0] <= margin || b[1] <= margin || b[2] >= width - margin || b[3] >= height - margin;
}

/** Frigate's relative [x, y, w, h] of an absolute box in a frame. */
export function toRelativeXywh(b: Box, width: number, height: number): [number, number, number, number] {
  return [b[0] / width, b[1] / height, boxWidth(b) / width, boxHeight(b) / height];
}

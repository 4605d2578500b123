// Pure geometry for drawing on a live tile: where the frame sits in the canvas ("contain"), and
// detect-frame boxes, polygons and labels mapped into canvas pixels.
import type { Box } from '../../../server/src/contracts/domain';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The largest rectangle of the source's aspect ratio centred in the destination. */
export function containFit(srcW: number, srcH: number, dstW: number, dstH: number): Rect {
  if (srcW <= 0 || srcH <= 0 || dstW <= 0 || dstH <= 0) return { x: 0, y: 0, w: Math.max(0, dstW), h: Math.max(0, dstH) };
  const scale = Math.min(dstW / srcW, dstH / srcH);
  const w = srcW * scale;
  const h = srcH * scale;
  return { x: (dstW - w) / 2, y: (dstH - h) / 2, w, h };
}

/** A [x1, y1, x2, y2] box of a frameW×frameH frame as a rectangle inside `fit`. */
export function boxToRect(box: Box, frameW: number, frameH: number, fit: Rect): Rect {
  const sx = fit.w / frameW;
  const sy = fit.h / frameH;
  const x1 = Math.min(box[0], box[2]);
  const y1 = Math.min(box[1], box[3]);
  return { x: fit.x + x1 * sx, y: fit.y + y1 * sy, w: Math.abs(box[2] - box[0]) * sx, h: Math.abs(box[3] - box[1]) * sy };
}

export function polygonToCanvas(points: readonly [number, number][], frameW: number, frameH: number, fit: Rect): [number, number][] {
  const sx = fit.w / frameW;
  const sy = fit.h / frameH;
  return points.map(([x, y]) => [fit.x + x * sx, fit.y + y * sy]);
}

/** "person 87%". */
export function objectLabel(label: string, score: number): string {
  return `${label} ${Math.round(score * 100)}%`;
}

/**
 * Top-left of a label tag of size w×h for a box: above the box when there is room, else just
 * inside its top edge; always kept inside the canvas.
 */
export function labelPosition(box: Rect, w: number, h: number, canvasW: number, canvasH: number): { x: number; y: number } {
  const y = box.y - h >= 0 ? box.y - h : box.y;
  const x = Math.min(Math.max(0, box.x), Math.max(0, canvasW - w));
  return { x, y: Math.min(Math.max(0, y), Math.max(0, canvasH - h)) };
}

const LABEL_COLORS: Record<string, string> = {
  person: '#ff6b6b',
  car: '#4dabf7',
  truck: '#4dabf7',
  bus: '#4dabf7',
  motorcycle: '#38d9a9',
  bicycle: '#38d9a9',
  dog: '#ffa94d',
  cat: '#ffa94d',
};

export function labelColor(label: string): string {
  return LABEL_COLORS[label] ?? '#fcc419';
}

/** A stable colour per zone name, from a small palette that reads on dark video. */
export function zoneColor(name: string): string {
  const palette = ['#b197fc', '#63e6be', '#ffd43b', '#74c0fc', '#ff8787', '#e599f7'];
  let h = 0;
  for (let i = 0; i < name.length; i += 1) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return palette[h % palette.length] as string;
}

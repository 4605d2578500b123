// Test-only helpers for the converter's proof: letterbox a real image into NanoDet's input tensor
// and a throwaway NanoDet decode (the runtime decoder lives in server/src/detect/, not here).
import sharp from 'sharp';

export const MEAN_BGR = [103.53, 116.28, 123.675];
export const STD_BGR = [57.375, 57.12, 58.395];
export const STRIDES = [8, 16, 32];
const BINS = 11;

export interface Letterbox {
  tensor: Float32Array; // [1, 3, size, size], BGR, normalised
  scale: number;
  padX: number;
  padY: number;
}

/** Aspect-kept resize, centred on a black square, BGR, `(p - mean) / std`, NCHW. */
export async function letterboxImage(file: string, size: number): Promise<Letterbox> {
  const meta = await sharp(file).metadata();
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  const scale = Math.min(size / w, size / h);
  const nw = Math.round(w * scale);
  const nh = Math.round(h * scale);
  const padX = Math.floor((size - nw) / 2);
  const padY = Math.floor((size - nh) / 2);
  const rgb = await sharp(file).removeAlpha().resize(nw, nh, { fit: 'fill' }).raw().toBuffer();
  const plane = size * size;
  const tensor = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) tensor.fill((0 - (MEAN_BGR[c] as number)) / (STD_BGR[c] as number), c * plane, (c + 1) * plane);
  for (let y = 0; y < nh; y++) {
    for (let x = 0; x < nw; x++) {
      const src = 3 * (y * nw + x);
      const dst = (y + padY) * size + (x + padX);
      for (let c = 0; c < 3; c++) {
        const v = rgb[src + 2 - c] as number; // channel c of BGR is RGB index 2 - c
        tensor[c * plane + dst] = (v - (MEAN_BGR[c] as number)) / (STD_BGR[c] as number);
      }
    }
  }
  return { tensor, scale, padX, padY };
}

export interface Detection {
  label: number;
  score: number;
  /** x1, y1, x2, y2 in input-tensor pixels. */
  box: [number, number, number, number];
}

/** The best-scoring cell for each class over all strides (enough to check a top detection). */
export function bestPerClass(outputs: Float32Array[], size: number): Detection[] {
  const best: Detection[] = [];
  STRIDES.forEach((stride, level) => {
    const scores = outputs[level] as Float32Array;
    const boxes = outputs[level + 3] as Float32Array;
    const grid = size / stride;
    for (let cell = 0; cell < grid * grid; cell++) {
      for (let label = 0; label < 80; label++) {
        const score = scores[cell * 80 + label] as number;
        if (score <= (best[label]?.score ?? 0)) continue;
        best[label] = { label, score, box: decodeBox(boxes, cell, grid, stride) };
      }
    }
  });
  return best.filter((d): d is Detection => d !== undefined).sort((a, b) => b.score - a.score);
}

function decodeBox(boxes: Float32Array, cell: number, grid: number, stride: number): [number, number, number, number] {
  const cx = ((cell % grid) + 0.5) * stride;
  const cy = (Math.floor(cell / grid) + 0.5) * stride;
  const d = [0, 1, 2, 3].map((side) => {
    const base = cell * 4 * BINS + side * BINS;
    let max = -Infinity;
    for (let b = 0; b < BINS; b++) max = Math.max(max, boxes[base + b] as number);
    let sum = 0;
    let weighted = 0;
    for (let b = 0; b < BINS; b++) {
      const e = Math.exp((boxes[base + b] as number) - max);
      sum += e;
      weighted += b * e;
    }
    return (stride * weighted) / sum;
  }) as [number, number, number, number];
  return [cx - d[0], cy - d[1], cx + d[2], cy + d[3]];
}

/** Box from input-tensor pixels back to image pixels. */
export function unletterbox(box: [number, number, number, number], lb: Letterbox): [number, number, number, number] {
  return [(box[0] - lb.padX) / lb.scale, (box[1] - lb.padY) / lb.scale, (box[2] - lb.padX) / lb.scale, (box[3] - lb.padY) / lb.scale];
}

export function iou(a: readonly number[], b: readonly number[]): number {
  const [ax1, ay1, ax2, ay2] = a as [number, number, number, number];
  const [bx1, by1, bx2, by2] = b as [number, number, number, number];
  const iw = Math.max(0, Math.min(ax2, bx2) - Math.max(ax1, bx1));
  const ih = Math.max(0, Math.min(ay2, by2) - Math.max(ay1, by1));
  const inter = iw * ih;
  return inter / ((ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter);
}

// Event snapshots: the clean best frame as stored, a small thumbnail around the object, and
// annotated variants (box and label, crop, height) rendered on request.
import type { Box } from '../contracts/domain';
import type { FramePixels } from '../contracts/worker-protocol';
import { encodeJpeg } from '../lib/jpeg';
import { overlaySvg } from '../lib/overlay-svg';

/** A square-ish crop around a box, padded and kept inside the frame. */
export function cropAround(box: Box, width: number, height: number, pad = 0.3, minSide = 64): Box {
  const bw = box[2] - box[0];
  const bh = box[3] - box[1];
  const side = Math.min(Math.max(bw, bh) * (1 + 2 * pad), Math.max(width, height));
  const s = Math.max(minSide, side);
  const cx = (box[0] + box[2]) / 2;
  const cy = (box[1] + box[3]) / 2;
  const w = Math.min(s, width);
  const h = Math.min(s, height);
  const x1 = Math.min(Math.max(0, cx - w / 2), width - w);
  const y1 = Math.min(Math.max(0, cy - h / 2), height - h);
  return [Math.round(x1), Math.round(y1), Math.round(x1 + w), Math.round(y1 + h)];
}

export function cleanSnapshot(frame: FramePixels, quality: number): Promise<Buffer> {
  return encodeJpeg(frame, { quality });
}

export function thumbnail(frame: FramePixels, box: Box, height: number): Promise<Buffer> {
  return encodeJpeg(frame, { crop: cropAround(box, frame.width, frame.height), height, quality: 70 });
}

export interface AnnotateOptions {
  box: Box;
  label: string;
  score: number;
  bbox: boolean;
  crop: boolean;
  height?: number;
  quality: number;
}

export function annotatedSnapshot(frame: FramePixels, o: AnnotateOptions): Promise<Buffer> {
  return encodeJpeg(frame, {
    overlaySvg: o.bbox ? overlaySvg(frame.width, frame.height, { boxes: [{ box: o.box, label: o.label, score: o.score }] }) : undefined,
    crop: o.crop ? cropAround(o.box, frame.width, frame.height) : undefined,
    height: o.height,
    quality: o.quality,
  });
}

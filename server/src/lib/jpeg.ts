// JPEG encoding of RGB frames with sharp (libvips runs it off the main thread).
import sharp from 'sharp';
import type { FramePixels } from '../contracts/worker-protocol';

export interface JpegOptions {
  /** Output height in pixels (keeps the aspect ratio); omitted = the frame's own size. */
  height?: number;
  quality?: number;
  /** An SVG drawn over the frame (boxes, labels), sized to the frame. */
  overlaySvg?: string;
  /** Crop to this rectangle [x1, y1, x2, y2] before resizing. */
  crop?: [number, number, number, number];
}

export async function encodeJpeg(frame: FramePixels, opts: JpegOptions = {}): Promise<Buffer> {
  let img = sharp(Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength), {
    raw: { width: frame.width, height: frame.height, channels: 3 },
  });
  if (opts.overlaySvg) {
    // Composite first so the crop and resize apply to the drawing too.
    const composed = await img.composite([{ input: Buffer.from(opts.overlaySvg), top: 0, left: 0 }]).raw().toBuffer({ resolveWithObject: true });
    img = sharp(composed.data, { raw: { width: composed.info.width, height: composed.info.height, channels: composed.info.channels as 3 | 4 } });
  }
  if (opts.crop) {
    const [x1, y1, x2, y2] = opts.crop.map((v) => Math.round(v)) as [number, number, number, number];
    const left = Math.max(0, Math.min(frame.width - 1, x1));
    const top = Math.max(0, Math.min(frame.height - 1, y1));
    const width = Math.max(1, Math.min(frame.width - left, x2 - left));
    const height = Math.max(1, Math.min(frame.height - top, y2 - top));
    img = img.extract({ left, top, width, height });
  }
  if (opts.height && opts.height > 0) img = img.resize({ height: Math.round(opts.height), withoutEnlargement: false });
  return img.jpeg({ quality: opts.quality ?? 70, optimiseCoding: false }).toBuffer();
}

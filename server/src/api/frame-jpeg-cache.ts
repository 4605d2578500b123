// JPEGs of camera frames, encoded once per (frame, options): clients polling latest.jpg get the
// frame the camera keeps for 250 ms (CameraRuntime) several times, and each encode of a 720p
// frame costs milliseconds of CPU. Entries live as long as the frame's pixels (a WeakMap), so the
// cache never holds a frame the camera has let go of.
import type { FramePixels } from '../contracts/worker-protocol';
import { encodeJpeg, type JpegOptions } from '../lib/jpeg';

/** Encodes of one frame kept at most (different heights, qualities, overlays). */
const PER_FRAME = 8;

export class FrameJpegCache {
  private readonly byFrame = new WeakMap<FramePixels, Map<string, Promise<Buffer>>>();
  /** Encodes actually run (tests and metrics read it). */
  encodes = 0;

  constructor(private readonly encode: (f: FramePixels, o: JpegOptions) => Promise<Buffer> = encodeJpeg) {}

  jpeg(frame: FramePixels, opts: Pick<JpegOptions, 'height' | 'quality' | 'overlaySvg'>): Promise<Buffer> {
    let perFrame = this.byFrame.get(frame);
    if (!perFrame) {
      perFrame = new Map();
      this.byFrame.set(frame, perFrame);
    }
    const key = `${opts.height ?? ''}|${opts.quality ?? ''}|${opts.overlaySvg ?? ''}`;
    let p = perFrame.get(key);
    if (!p) {
      this.encodes++;
      p = this.encode(frame, opts);
      // A failed encode is not kept: the next request tries again.
      p.catch(() => perFrame.delete(key));
      if (perFrame.size >= PER_FRAME) perFrame.delete(perFrame.keys().next().value as string);
      perFrame.set(key, p);
    }
    return p;
  }
}

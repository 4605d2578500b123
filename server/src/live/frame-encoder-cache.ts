// One live frame of a camera, encoded on demand and shared: every viewer that takes this frame at
// the same height gets the same JPEG (and the same WebSocket packet), so a frame is encoded once
// per (camera, height) however many clients watch. Frames are dropped with their last viewer.
import type { Box, TrackedObject } from '../contracts/domain';
import type { LiveFrameHeader, LiveObjectBox } from '../contracts/ws-messages';
import type { FramePixels } from '../contracts/worker-protocol';
import { encodeJpeg } from '../lib/jpeg';
import { overlaySvg } from '../lib/overlay-svg';
import { encodeLivePacket } from './live-packet';

export const LIVE_JPEG_QUALITY = 70;

export interface FrameOverlay {
  motion: Box[];
  regions: Box[];
}

/** Output height: as asked, never above the frame (no upscaling), at least 16 px. */
export function outputHeight(asked: number | undefined, frameHeight: number): number {
  if (asked === undefined || !Number.isFinite(asked)) return frameHeight;
  return Math.max(16, Math.min(frameHeight, Math.round(asked)));
}

export function liveObjects(objects: readonly TrackedObject[]): LiveObjectBox[] {
  return objects.map((o) => ({ id: o.id, label: o.label, score: o.score, box: o.box, stationary: o.stationary }));
}

export class LiveFrame {
  readonly header: LiveFrameHeader;
  private readonly jpegs = new Map<string, Promise<Buffer>>();
  private readonly packets = new Map<number, Promise<Buffer>>();
  /** Encodes actually run for this frame (benchmarks and tests read it). */
  encodes = 0;

  constructor(
    camera: string,
    timeMs: number,
    private readonly pixels: FramePixels,
    objects: readonly TrackedObject[],
    overlay: FrameOverlay,
  ) {
    this.header = {
      camera,
      frame_time: timeMs / 1000,
      width: pixels.width,
      height: pixels.height,
      objects: liveObjects(objects),
      motion: overlay.motion,
      regions: overlay.regions,
    };
  }

  /** The frame as JPEG at `height` (clean, or with object boxes and labels drawn). */
  jpeg(opts: { height?: number; bbox: boolean }): Promise<Buffer> {
    const h = outputHeight(opts.height, this.pixels.height);
    const key = `${h}:${opts.bbox ? 1 : 0}`;
    let p = this.jpegs.get(key);
    if (!p) {
      this.encodes++;
      const svg = opts.bbox
        ? overlaySvg(this.pixels.width, this.pixels.height, { boxes: this.header.objects.map((o) => ({ box: o.box, label: o.label, score: o.score })) })
        : undefined;
      p = encodeJpeg(this.pixels, { height: h === this.pixels.height ? undefined : h, quality: LIVE_JPEG_QUALITY, overlaySvg: svg });
      this.jpegs.set(key, p);
    }
    return p;
  }

  /** The WebSocket packet (header + clean JPEG) at `height`. */
  packet(height: number | undefined): Promise<Buffer> {
    const h = outputHeight(height, this.pixels.height);
    let p = this.packets.get(h);
    if (!p) {
      p = this.jpeg({ height: h, bbox: false }).then((jpeg) => encodeLivePacket(this.header, jpeg));
      this.packets.set(h, p);
    }
    return p;
  }
}

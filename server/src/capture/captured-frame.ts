// One decoded frame inside the capture child, with its views made only when something needs them:
// motion reads grey (for an I420 frame the Y plane, for free), detection regions read BGR, the
// main process gets RGB, all at the detect size; the recording encoder gets the raw bytes. Most
// frames are dropped by the sampler and never converted at all. Mats made here are released with
// the frame.
import type { Mat } from '@u4/opencv4nodejs';
import type { FramePixels } from '../contracts/worker-protocol';
import type { OpenCV } from '../lib/opencv';
import type { LumaRange } from '../motion/motion-detector';
import { sameAspect } from '../motion/motion-geometry';

export interface RawFrame {
  data: Uint8Array;
  /** ffmpeg's name for the layout of `data`. */
  pixFmt: 'bgr24' | 'yuv420p';
}

export interface CapturedFrame {
  /** Source size. */
  readonly width: number;
  readonly height: number;
  /** What motion runs on: grey when it comes free (then possibly at the source size, with the
   * detect frame's aspect ratio), else BGR at the detect size. */
  motionInput(): Mat;
  /** Grey range of motionInput(): video luma is `limited`. */
  readonly motionRange: LumaRange;
  /** BGR at the detect size (detection regions). */
  bgr(): Mat;
  /** Packed RGB at the detect size (main process: live view, snapshots, latest.jpg). */
  rgb(): FramePixels;
  /** The frame as decoded, for the recording encoder (a copy the caller may keep). */
  raw(): RawFrame;
  release(): void;
}

function toPixels(rgb: Mat): FramePixels {
  const buf = rgb.getData();
  return { data: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), width: rgb.cols, height: rgb.rows };
}

/** A BGR Mat from OpenCV's VideoCapture (files, USB cameras). */
export class BgrFrame implements CapturedFrame {
  readonly motionRange = 'full';
  private scaled: Mat | null = null;
  private pixels: FramePixels | null = null;

  constructor(private readonly cv: OpenCV, private readonly mat: Mat, private readonly detectW: number, private readonly detectH: number) {}

  get width(): number {
    return this.mat.cols;
  }

  get height(): number {
    return this.mat.rows;
  }

  motionInput(): Mat {
    return this.bgr();
  }

  bgr(): Mat {
    if (this.mat.cols === this.detectW && this.mat.rows === this.detectH) return this.mat;
    this.scaled ??= this.mat.resize(this.detectH, this.detectW);
    return this.scaled;
  }

  rgb(): FramePixels {
    if (!this.pixels) {
      const rgb = this.bgr().cvtColor(this.cv.COLOR_BGR2RGB);
      this.pixels = toPixels(rgb);
      rgb.release();
    }
    return this.pixels;
  }

  raw(): RawFrame {
    return { data: this.mat.getData(), pixFmt: 'bgr24' };
  }

  release(): void {
    this.scaled?.release();
    this.scaled = null;
    this.mat.release();
  }
}

/**
 * An I420 (yuv420p) frame in a buffer from ffmpeg. OpenCV reads the buffer in place (the Mats are
 * views of it), so the buffer goes back to its pool only after they are released.
 */
export class I420Frame implements CapturedFrame {
  readonly motionRange = 'limited';
  private readonly views: Mat[] = [];
  private grey: Mat | null = null;
  private colour: Mat | null = null;
  private pixels: FramePixels | null = null;
  private released = false;

  constructor(
    private readonly cv: OpenCV,
    private readonly buf: Buffer,
    readonly width: number,
    readonly height: number,
    private readonly detectW: number,
    private readonly detectH: number,
    private readonly recycle: (buf: Buffer) => void,
  ) {}

  private get sameSize(): boolean {
    return this.width === this.detectW && this.height === this.detectH;
  }

  private view(rows: number, bytes: number): Mat {
    const m = new this.cv.Mat(rows, this.width, this.cv.CV_8UC1, this.buf.subarray(0, bytes));
    this.views.push(m);
    return m;
  }

  motionInput(): Mat {
    if (!this.grey) {
      // The Y plane as it is (no copy): motion shrinks it straight to its own small frame. Only a
      // detect size of another aspect ratio (or larger than the source) needs it resized first.
      const y = this.view(this.height, this.width * this.height);
      const asIs = this.width >= this.detectW && sameAspect(this.width, this.height, this.detectW, this.detectH);
      this.grey = asIs ? y : y.resize(this.detectH, this.detectW, 0, 0, this.cv.INTER_AREA);
      if (this.grey !== y) this.views.push(this.grey);
    }
    return this.grey;
  }

  bgr(): Mat {
    if (!this.colour) {
      const full = this.view((this.height * 3) / 2, (this.width * this.height * 3) / 2).cvtColor(this.cv.COLOR_YUV2BGR_I420);
      this.colour = this.sameSize ? full : full.resize(this.detectH, this.detectW);
      if (this.colour !== full) full.release();
    }
    return this.colour;
  }

  rgb(): FramePixels {
    if (!this.pixels) {
      let rgb: Mat;
      if (this.colour) rgb = this.colour.cvtColor(this.cv.COLOR_BGR2RGB);
      else {
        const full = this.view((this.height * 3) / 2, (this.width * this.height * 3) / 2).cvtColor(this.cv.COLOR_YUV2RGB_I420);
        rgb = this.sameSize ? full : full.resize(this.detectH, this.detectW);
        if (rgb !== full) full.release();
      }
      this.pixels = toPixels(rgb);
      rgb.release();
    }
    return this.pixels;
  }

  raw(): RawFrame {
    return { data: Buffer.from(this.buf.subarray(0, (this.width * this.height * 3) / 2)), pixFmt: 'yuv420p' };
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.colour?.release();
    for (const m of this.views) m.release();
    this.views.length = 0;
    this.grey = null;
    this.colour = null;
    this.recycle(this.buf);
  }
}

/** Frame buffers reused across frames: a handful suffice (one being filled, the latest, spares). */
export class BufferPool {
  private readonly free: Buffer[] = [];
  allocated = 0;

  constructor(private readonly keep = 4) {}

  take(bytes: number): Buffer {
    const i = this.free.findIndex((b) => b.length >= bytes);
    if (i >= 0) return this.free.splice(i, 1)[0] as Buffer;
    this.allocated++;
    return Buffer.allocUnsafeSlow(bytes);
  }

  give(buf: Buffer): void {
    if (this.free.length < this.keep) this.free.push(buf);
  }
}

// Turns live frames into pixels on one canvas: decodes JPEGs off the main thread with
// createImageBitmap (latest frame wins, at most one decode in flight), draws in
// requestAnimationFrame, and closes every bitmap it no longer needs.
import type { LiveFrameHeader } from '../../../server/src/contracts/ws-messages';
import type { LiveFrame } from './frame-packet';
import { drawFrame, type OverlayToggles } from './overlay-draw';

export interface RendererOptions {
  zones: Record<string, [number, number][]>;
  overlays: OverlayToggles;
  /** Called after each drawn frame (the tile shows "live" and counts frames). */
  onDrawn?: (header: LiveFrameHeader, drawnFrames: number) => void;
}

export class FrameRenderer {
  private current: { bitmap: ImageBitmap; header: LiveFrameHeader } | null = null;
  private pending: LiveFrame | null = null;
  private decoding = false;
  private raf = 0;
  private closed = false;
  private drawn = 0;
  private dpr = 1;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private opts: RendererOptions,
  ) {}

  /** Matches the canvas buffer to its CSS size in device pixels (sharp on phones, cheap on desktops). */
  resize(cssWidth: number, cssHeight: number, devicePixelRatio: number): void {
    this.dpr = Math.min(2, Math.max(1, devicePixelRatio || 1));
    const w = Math.max(1, Math.round(cssWidth * this.dpr));
    const h = Math.max(1, Math.round(cssHeight * this.dpr));
    if (this.canvas.width === w && this.canvas.height === h) return;
    this.canvas.width = w;
    this.canvas.height = h;
    this.schedule();
  }

  setOptions(opts: RendererOptions): void {
    this.opts = opts;
    this.schedule();
  }

  push(frame: LiveFrame): void {
    if (this.closed) return;
    // Latest wins: a frame waiting for the decoder is replaced, never queued.
    this.pending = frame;
    if (!this.decoding) void this.decodeNext();
  }

  hasFrame(): boolean {
    return this.current !== null;
  }

  close(): void {
    this.closed = true;
    this.pending = null;
    if (this.raf) cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.current?.bitmap.close();
    this.current = null;
  }

  private async decodeNext(): Promise<void> {
    this.decoding = true;
    while (this.pending && !this.closed) {
      const frame = this.pending;
      this.pending = null;
      let bitmap: ImageBitmap;
      try {
        bitmap = await createImageBitmap(new Blob([frame.jpeg], { type: 'image/jpeg' }));
      } catch {
        continue; // A damaged JPEG: skip it, the next frame follows shortly.
      }
      if (this.closed) {
        bitmap.close();
        break;
      }
      this.current?.bitmap.close();
      this.current = { bitmap, header: frame.header };
      this.schedule();
    }
    this.decoding = false;
  }

  private schedule(): void {
    if (this.raf || this.closed) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.draw();
    });
  }

  private draw(): void {
    const cur = this.current;
    const ctx = this.canvas.getContext('2d');
    if (!cur || !ctx) return;
    drawFrame(ctx, { image: cur.bitmap, header: cur.header, zones: this.opts.zones, overlays: this.opts.overlays, dpr: this.dpr });
    this.drawn += 1;
    this.opts.onDrawn?.(cur.header, this.drawn);
  }
}

// Frames from OpenCV's VideoCapture: files (paced and looped by the session) and USB cameras.
// read() is synchronous inside (the binding's async API is unsafe), so it blocks the child's event
// loop for up to a frame interval; the session flushes its outbox before each read.
import fs from 'node:fs';
import type { VideoCapture } from '@u4/opencv4nodejs';
import type { OpenCV } from '../lib/opencv';
import { BgrFrame, type CapturedFrame } from './captured-frame';
import { diagnoseFile } from './file-diagnosis';
import type { DetectSize, FrameSource, OpenResult } from './frame-source';
import type { SourceSpec } from './source';

/** An open that failed after this many seconds without a frame is reported as a silent source. */
const SILENT_AFTER_S = 3;

export class OpenCvSource implements FrameSource {
  readonly rawPixFmt = 'bgr24';
  error: string | null = null;

  private constructor(
    private readonly cv: OpenCV,
    private readonly spec: SourceSpec,
    private cap: VideoCapture | null,
    readonly width: number,
    readonly height: number,
    readonly fps: number,
    private readonly detectW: number,
    private readonly detectH: number,
  ) {}

  /** `firstEver`: nothing was ever read from this camera (a file that opens empty is then unreadable). */
  static open(cv: OpenCV, spec: SourceSpec, want: DetectSize, firstEver: boolean): OpenResult {
    if (spec.kind === 'file' && typeof spec.open === 'string' && !fs.existsSync(spec.open)) return { ok: false, reason: `file not found: ${spec.open}` };
    const t0 = Date.now();
    try {
      // Pin the backend: FFmpeg for files and network streams, V4L2 for devices (OpenCV would
      // otherwise fall through to GStreamer and bury the real error under its noise).
      const api = spec.kind === 'v4l2' ? cv.CAP_V4L2 : cv.CAP_FFMPEG;
      const cap = new cv.VideoCapture(spec.open, api);
      const first = cap.read();
      if (!first || first.empty) {
        cap.release();
        return { ok: false, reason: explainFile(spec) ?? silence(spec, t0) ?? (firstEver && spec.kind === 'file' ? 'the file has no readable video frames' : 'the source opened but sent no frame') };
      }
      const f = cap.get(cv.CAP_PROP_FPS);
      const fps = Number.isFinite(f) && f > 0 && f <= 120 ? f : 0;
      const src = new OpenCvSource(cv, spec, cap, first.cols, first.rows, fps, want.width ?? first.cols, want.height ?? first.rows);
      return { ok: true, source: src, first: new BgrFrame(cv, first, src.detectW, src.detectH) };
    } catch (e) {
      const why = explainFile(spec) ?? silence(spec, t0);
      if (why) return { ok: false, reason: why };
      return { ok: false, reason: `cannot open ${spec.display}${e instanceof Error && !/VideoCapture::New/.test(e.message) ? `: ${e.message}` : ''}` };
    }
  }

  read(): Promise<CapturedFrame | null> {
    const cap = this.cap;
    if (!cap) return Promise.resolve(null);
    const m = cap.read();
    if (!m || m.empty) {
      this.error = this.spec.finite ? 'end of file' : 'no frame from the source';
      return Promise.resolve(null);
    }
    return Promise.resolve(new BgrFrame(this.cv, m, this.detectW, this.detectH));
  }

  rewind(): boolean {
    if (!this.cap || !this.spec.finite) return false;
    this.cap.set(this.cv.CAP_PROP_POS_FRAMES, 0);
    return true;
  }

  close(): void {
    this.cap?.release();
    this.cap = null;
  }
}

/** A file that will not open or read: why (empty, no video, unknown codec), asked only after a failed open. */
function explainFile(spec: SourceSpec): string | null {
  if (spec.kind !== 'file') return null;
  const why = diagnoseFile(String(spec.open));
  return why ? `cannot open ${spec.display}: ${why}` : null;
}

/** FFmpeg says nothing when a network peer accepts and then stays silent until the timeout: say so. */
function silence(spec: SourceSpec, t0: number): string | null {
  if (spec.kind !== 'rtsp' && spec.kind !== 'http') return null;
  const waited = Math.round((Date.now() - t0) / 1000);
  return waited >= SILENT_AFTER_S ? `cannot open ${spec.display}: no response from the source for ${waited} s` : null;
}

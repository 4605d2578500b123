// Where a capture child's frames come from: OpenCV's VideoCapture (files, USB cameras) or an
// ffmpeg decoder process (network cameras). The session reads frames one at a time through this.
import type { CapturedFrame, RawFrame } from './captured-frame';

export interface FrameSource {
  /** Source size. */
  readonly width: number;
  readonly height: number;
  /** Frames per second the source declares (0 = unknown). */
  readonly fps: number;
  /** Layout of raw() frames (the recording encoder's input). */
  readonly rawPixFmt: RawFrame['pixFmt'];
  /** Why the last read or open returned nothing. */
  readonly error: string | null;
  /** The next frame; null when the source ended or failed (see `error`). */
  read(): Promise<CapturedFrame | null>;
  /** Back to the first frame (finite sources that loop); false when it cannot. */
  rewind(): boolean;
  close(): void;
}

/** The detect size asked for in the config; null sides mean the source's own size. */
export interface DetectSize {
  width: number | null;
  height: number | null;
}

export type OpenResult = { ok: true; source: FrameSource; first: CapturedFrame } | { ok: false; reason: string };

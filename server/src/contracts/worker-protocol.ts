// The typed boundary between the main thread and its helpers: camera capture child processes
// (one per camera, they own OpenCV) and detector worker threads (onnxruntime, inputs in a
// SharedArrayBuffer). Every message that crosses a thread or process is declared here.
import type { Box, CameraState, Detection, SourceKind } from './domain';

// ---------------------------------------------------------------------------------------------
// Model input: what a detector expects, and how a region of a frame was fitted into it.

export type ModelFamilyName = 'nanodet' | 'yolov8' | 'yolox' | 'ssd';

export interface ModelInputSpec {
  width: number;
  height: number;
  layout: 'nchw' | 'nhwc';
  channelOrder: 'rgb' | 'bgr';
  dtype: 'float32' | 'uint8';
  /** Per channel, in the model's channel order: value = (pixel - mean) / std. */
  mean: [number, number, number];
  std: [number, number, number];
  /** Letterbox border value (0-255) before normalisation. */
  padValue: number;
  /** Where the resized image sits in the input: centred (default) or top-left (YOLOX's own preprocessing). */
  placement?: 'center' | 'top-left';
}

/** A model ready to load: resolved path, family, input spec and labels. */
export interface ResolvedModel {
  name: string;
  path: string;
  sha256: string | null;
  family: ModelFamilyName;
  /** Name of the model's image input. */
  inputName: string;
  input: ModelInputSpec;
  /** Output tensor names in the order the family's decoder reads them. */
  outputs: string[];
  /** Class index → label; '' marks an unused index (e.g. gaps in COCO's 91 ids). */
  labels: string[];
}

/** How a source rectangle was placed into the model input: input = (p - origin) * scale + pad. */
export interface Letterbox {
  /** Top-left of the source rectangle in frame pixels. */
  originX: number;
  originY: number;
  scale: number;
  padX: number;
  padY: number;
}

export function tensorBytes(spec: ModelInputSpec): number {
  return spec.width * spec.height * 3 * (spec.dtype === 'float32' ? 4 : 1);
}

// ---------------------------------------------------------------------------------------------
// Capture child process (server/src/capture/capture.process.ts)

export interface CaptureMotionSettings {
  enabled: boolean;
  threshold: number;
  contourArea: number;
  frameHeight: number;
  frameAlpha: number;
  calibrateAlpha: number;
  calibrationFrames: number;
  lightningThreshold: number;
  improveContrast: boolean;
  /** Mask polygons in detect-frame pixels (relative ones already resolved once the size is known). */
  mask: [number, number][][];
  /** True when the mask polygons are relative (0..1) and must be scaled to the detect size. */
  maskRelative: boolean;
}

export interface CaptureInit {
  camera: string;
  /** Full source URL, secrets included: never logged by the child. */
  source: string;
  kind: SourceKind;
  rtspTransport: 'tcp' | 'udp';
  /** Detect size; null = the source's own size. */
  detectWidth: number | null;
  detectHeight: number | null;
  detectFps: number;
  /** live: paced to the source clock, reconnects. replay: video clock, no drops, flow-controlled by `ack`. */
  mode: 'live' | 'replay';
  /** File sources loop at their end in live mode. */
  loop: boolean;
  stallTimeoutMs: number;
  reconnectStepsMs: number[];
  motion: CaptureMotionSettings;
  /** Null when detection is off for this camera. */
  model: ModelInputSpec | null;
  /** Seconds between full-frame scans (0 = only at start). */
  scanIntervalS: number;
  /** Time base for replay frames (epoch ms of video time 0). */
  replayEpochMs?: number;
  /** Encoder to start before the first frame is handled (set by the recorder; replay needs frame 0). */
  encoder?: EncoderSpec | null;
}

/** What the tracker tells the capture process so regions cover known objects. */
export interface TrackedHint {
  box: Box;
  /** Stationary objects are only included when due for a re-check. */
  include: boolean;
}

export interface RegionTensor {
  region: Box;
  letterbox: Letterbox;
  /** The region letterboxed to the model input: 8-bit HWC pixels in the model's channel order
   * (width × height × 3 bytes). The detector worker makes the model's tensor from it. */
  data: Uint8Array;
}

export interface EncoderSpec {
  /** ffmpeg arguments after the raw-video input (output options and target). */
  outputArgs: string[];
  /** Timestamps from the wall clock (live) or from the frame count at `fps` (replay). */
  wallclock: boolean;
  fps: number;
}

/**
 * Frames with detection regions a camera may have in flight (sent, not yet handled by the main
 * process). Each `credit` message returns one; the pipeline grants all of them when a capture
 * process comes online. Two let the child prepare the next frame's tensors while the detector runs
 * the previous one, so a frame is skipped only when the detector cannot keep up, not whenever one
 * detection takes longer than a frame interval.
 */
export const MAX_DETECT_CREDITS = 2;

export type MainToCapture =
  | { type: 'init'; init: CaptureInit }
  | { type: 'tracked'; hints: TrackedHint[] }
  /** One more frame with regions may be sent (at most MAX_DETECT_CREDITS in flight). */
  | { type: 'credit' }
  | { type: 'live'; fps: number }
  | { type: 'grab'; requestId: number }
  | { type: 'scan' }
  | { type: 'detect'; enabled: boolean }
  | { type: 'ack'; seq: number }
  | { type: 'encoder'; spec: EncoderSpec | null }
  | { type: 'stop' };

export interface CaptureCounters {
  /** Frames decoded from the source. */
  captured: number;
  /** Decoded frames not processed (beyond detect fps). */
  dropped: number;
  /** Processed frames (motion). */
  processed: number;
  /** Frames that needed detection while no credit was available (the detector was behind). */
  skipped: number;
  reconnects: number;
  /** Measured source fps. */
  fps: number;
  motionFrames: number;
  regions: number;
  encoderFrames: number;
  /** Live frames not sent because the previous one was still being written to the main process. */
  liveSkipped: number;
}

/** Packed RGB pixels (3 bytes per pixel, no padding) of a detect-size frame. */
export interface FramePixels {
  data: Uint8Array;
  width: number;
  height: number;
}

export type CaptureToMain =
  | { type: 'ready'; pid: number }
  | {
      type: 'state';
      state: CameraState;
      reason: string | null;
      width?: number;
      height?: number;
      fps?: number;
      detectWidth?: number;
      detectHeight?: number;
    }
  | {
      type: 'frame';
      seq: number;
      /** Epoch ms of the frame (video time + replayEpochMs in replay). */
      time: number;
      motion: Box[];
      /** Share of the motion frame that changed (0..1). */
      motionShare: number;
      calibrating: boolean;
      /** True when this frame had something to detect but no credit was available. */
      skipped: boolean;
      /** True when the regions include a full-frame scan. */
      scan: boolean;
      regions: RegionTensor[];
      /** Detect-size RGB pixels: sent with regions and when live view asks. */
      pixels: FramePixels | null;
    }
  | { type: 'live'; time: number; pixels: FramePixels }
  | { type: 'grabbed'; requestId: number; time: number | null; pixels: FramePixels | null }
  | { type: 'stats'; counters: CaptureCounters }
  | { type: 'encoder'; event: 'started' | 'exit'; code: number | null; signal: string | null; detail: string | null }
  | { type: 'eos'; frames: number; seconds: number }
  | { type: 'error'; message: string; fatal: boolean };

// ---------------------------------------------------------------------------------------------
// Detector worker threads (server/src/detect/detector.worker.ts)

export interface DetectorWorkerInit {
  workerId: number;
  model: ResolvedModel;
  /** onnxruntime intra-op threads; 0 = the worker measures 1 vs 2 and reports its choice in `ready`. */
  threads: number;
  /** Input slots shared with the main thread: slotCount × tensorBytes(model.input). */
  slots: SharedArrayBuffer;
  slotCount: number;
  minScore: number;
  nmsIou: number;
}

/** What a detect request's slot holds: the model's tensor, or a region image (RegionTensor.data)
 * the worker normalises first. */
export type DetectInput = 'tensor' | 'image';

export interface DetectRequest {
  type: 'detect';
  id: number;
  slot: number;
  /** @default 'tensor' */
  input?: DetectInput;
  letterbox: Letterbox;
  /** Frame size, to clamp boxes. */
  frameWidth: number;
  frameHeight: number;
  /** Only these labels are returned (null = all). */
  labels: string[] | null;
}

export type MainToDetector =
  | { type: 'init'; init: DetectorWorkerInit }
  | DetectRequest
  | { type: 'close' }
  /** Test builds only (VIGIL_TEST_FAULTS=1, lib/test-faults.ts): exit before the next request. */
  | { type: 'fault'; fault: 'exit-on-next-request' };

export interface DetectTimings {
  preMs: number;
  inferenceMs: number;
  postMs: number;
}

/** `code` in an error message is an AppError code (lib/errors.ts) when the worker knew one. */
export type DetectorToMain =
  | { type: 'ready'; workerId: number; warmupMs: number; inputNames: string[]; outputNames: string[]; threads: number }
  | { type: 'result'; id: number; slot: number; detections: Detection[]; timings: DetectTimings }
  | { type: 'error'; id: number | null; message: string; fatal: boolean; code?: string };

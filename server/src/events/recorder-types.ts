// The recorder's view of its camera and its options: CameraSupervisor satisfies RecorderCamera
// structurally, so events/ needs nothing from capture/. Also which recording mode a source gets.
import type { RecordConfig } from '../config/schema';
import type { CameraState } from '../contracts/domain';
import type { EncoderSpec } from '../contracts/worker-protocol';
import type { Clock } from '../lib/clock';
import { AppError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import type { GapStore, SegmentStore } from './ports';

/** What the recorder needs of a camera (CameraSupervisor has this shape). */
export interface RecorderCameraListener {
  onState?(state: CameraState, reason: string | null): void;
  onEncoder?(m: { event: 'started' | 'exit'; code: number | null; signal: string | null; detail: string | null }): void;
}

export interface RecorderCamera {
  readonly state: CameraState;
  /** Frames per second of the source, 0 until known. */
  readonly sourceFps: number;
  listen(l: RecorderCameraListener): () => void;
  /** Start (spec) or stop (null) the capture child's encoder of decoded frames. */
  setEncoder(spec: EncoderSpec | null): void;
}

export type RecordingMode = 'copy' | 'pipe';

export interface RecorderOptions {
  camera: string;
  source: string;
  recordSource?: string;
  rtspTransport: 'tcp' | 'udp';
  record: Pick<RecordConfig, 'segment_seconds' | 'encoder_preset'>;
  dataDir: string;
  segments: SegmentStore;
  gaps: GapStore;
  link: RecorderCamera;
  log: Logger;
  clock?: Clock;
  /** `vigil replay`: frame-count timestamps from this base (epoch ms) at the file's fps. */
  replay?: { epochMs: number; fps: number };
  /** Overrides (tests): the stuck-recorder limit and the restart steps. */
  watchdogMs?: number;
  restartStepsMs?: number[];
  pollMs?: number;
}

export interface RecorderStats {
  mode: RecordingMode;
  recording: boolean;
  segments: number;
  bytes: number;
  restarts: number;
  lastSegmentEnd: number | null;
  gap: string | null;
}

/** copy for RTSP (the record stream when set), pipe for decoded-frame sources. */
export function recordingMode(source: string, recordSource?: string): RecordingMode {
  const url = recordSource ?? source;
  if (/^rtsps?:\/\//i.test(url)) return 'copy';
  if (recordSource) throw new AppError('unsupported', 'record_source must be an rtsp:// stream (it is stream-copied, never decoded)');
  return 'pipe';
}

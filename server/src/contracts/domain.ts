// Domain types shared by the server stages, the worker boundary and the web app (type-only).
// Boxes are [x1, y1, x2, y2] in detect-frame pixels everywhere in Vigil.

export type Box = [number, number, number, number];

export interface Detection {
  label: string;
  score: number;
  box: Box;
}

export type CameraState = 'connecting' | 'online' | 'offline' | 'failed' | 'stopped';

export type SourceKind = 'file' | 'rtsp' | 'http' | 'v4l2';

export interface CameraInfo {
  name: string;
  state: CameraState;
  /** Why the camera is offline or failed (no secrets). */
  reason: string | null;
  kind: SourceKind;
  /** Source resolution, null until the first frame. */
  width: number | null;
  height: number | null;
  /** Detect-frame resolution. */
  detect_width: number | null;
  detect_height: number | null;
  /** Frames per second read from the source (measured). */
  fps: number;
  detect_fps: number;
  detect_enabled: boolean;
  zones: Record<string, [number, number][]>;
}

/** A tracked object as the tracker reports it (detect-frame pixels, times in epoch ms). */
export interface TrackedObject {
  id: string;
  camera: string;
  label: string;
  score: number;
  top_score: number;
  box: Box;
  area: number;
  ratio: number;
  region: Box | null;
  frame_time: number;
  start_time: number;
  /** Time of the last detection that matched this object. */
  last_seen: number;
  current_zones: string[];
  entered_zones: string[];
  stationary: boolean;
  motionless_count: number;
  hits: number;
  confirmed: boolean;
}

/** One side (before/after) of an event message, Frigate-shaped; times are epoch seconds. */
export interface EventSnapshotData {
  id: string;
  camera: string;
  frame_time: number;
  label: string;
  sub_label: string | null;
  score: number;
  top_score: number;
  box: Box;
  area: number;
  ratio: number;
  region: Box | null;
  current_zones: string[];
  entered_zones: string[];
  stationary: boolean;
  has_snapshot: boolean;
  has_clip: boolean;
  start_time: number;
  end_time: number | null;
}

export type EventChangeType = 'new' | 'update' | 'end';

export interface EventMessage {
  type: EventChangeType;
  before: EventSnapshotData;
  after: EventSnapshotData;
}

/** An event as REST returns it (Frigate-shaped plus Vigil fields). Times are epoch seconds. */
export interface EventRecord {
  id: string;
  camera: string;
  label: string;
  sub_label: string | null;
  start_time: number;
  end_time: number | null;
  start_time_iso: string;
  end_time_iso: string | null;
  score: number;
  top_score: number;
  zones: string[];
  /** Absolute [x1, y1, x2, y2] in detect-frame pixels. */
  box: Box;
  has_clip: boolean;
  has_snapshot: boolean;
  retain_indefinitely: boolean;
  manual: boolean;
  thumbnail?: string;
  data: {
    /** Frigate's relative [x, y, w, h]. */
    box: [number, number, number, number];
    region: [number, number, number, number] | null;
    score: number;
    top_score: number;
    type: 'object' | 'manual';
    detect_width: number;
    detect_height: number;
  };
}

export interface RecordingSegment {
  id: number;
  camera: string;
  path: string;
  start_time: number;
  end_time: number;
  duration: number;
  bytes: number;
}

export type GapReason = 'camera_offline' | 'recorder_restart' | 'disk_full' | 'recorder_failed' | 'startup' | 'shutdown' | 'crash';

export interface RecordingGap {
  camera: string;
  start_time: number;
  end_time: number | null;
  reason: GapReason;
  detail: string | null;
}

export interface CameraStats {
  state: CameraState;
  /** Frames per second read from the source. */
  camera_fps: number;
  /** Frames per second processed (motion) at detect fps. */
  process_fps: number;
  /** Detector runs per second for this camera. */
  detection_fps: number;
  /** Frames per second that needed detection but were skipped because the pool was busy. */
  skipped_fps: number;
  skipped: number;
  captured: number;
  dropped: number;
  reconnects: number;
  /** Share (0..1) of processed frames that had motion, over the last minute. */
  motion_share: number;
  regions_per_frame: number;
  detector_ms: number;
  detect_enabled: boolean;
  last_frame_time: number | null;
}

export interface DetectorStats {
  workers: number;
  ready: number;
  inference_speed: number;
  inferences: number;
  timeouts: number;
  failures: number;
  restarts: number;
  queue: number;
}

export interface StorageStats {
  total: number;
  used: number;
  free: number;
  media_bytes: number;
  /** How many days the current recording rate fits in the budget; null when unknown. */
  days_left: number | null;
}

export interface StatsSnapshot {
  cameras: Record<string, CameraStats>;
  detectors: DetectorStats;
  service: {
    uptime: number;
    version: string;
    cpu_percent: number;
    rss: number;
    heap_used: number;
    load_avg: number[];
    storage: StorageStats | null;
  };
  webhooks?: { pending: number; delivered: number; failed: number; last_error: string | null };
}

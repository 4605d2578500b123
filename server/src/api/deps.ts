// What the HTTP API needs from the running box, as narrow interfaces (main.ts provides them).
import type { CameraInfo, StatsSnapshot, TrackedObject } from '../contracts/domain';
import type { FramePixels } from '../contracts/worker-protocol';
import type { Logger } from '../lib/logger';

/** A running camera as the API sees it. */
export interface CameraView {
  info(): CameraInfo;
  /** The latest detect-size frame, or null when the camera has none. */
  latestFrame(): Promise<{ time: number; pixels: FramePixels } | null>;
  /** Live tracked objects (for boxes drawn on snapshots). */
  trackedObjects(): TrackedObject[];
}

export interface CameraDirectory {
  list(): CameraInfo[];
  get(name: string): CameraView | undefined;
}

export interface ApiDeps {
  log: Logger;
  version: string;
  cameras: CameraDirectory;
  stats(): StatsSnapshot;
}

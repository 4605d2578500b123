// What the HTTP API needs from the running box, as narrow interfaces (main.ts provides them):
// cameras, stored events, the event service's manual events, recordings, clip export, live frames.
import type { CameraInfo, StatsSnapshot, TrackedObject } from '../contracts/domain';
import type { FramePixels } from '../contracts/worker-protocol';
import type { StoredEvent, StoredGap, StoredSegment } from '../events/ports';
import type { Logger } from '../lib/logger';
import type { EventListItem } from '../storage/event.repository';
import type { EventQuery } from '../storage/event-query';

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

/** The events table as the API reads and changes it (storage/event.repository.ts). */
export interface EventTable {
  list(query: EventQuery): EventListItem[];
  get(id: string): StoredEvent | null;
  getThumbnail(id: string): Buffer | null;
  setRetain(id: string, retain: boolean): boolean;
  delete(id: string): boolean;
}

/** Manual events go through the event service, so they are announced like tracked ones. */
export interface ManualEvents {
  createManual(camera: string, label: string, opts: { duration: number | null; score: number; subLabel: string | null }): Promise<string>;
  endManual(id: string): Promise<void>;
}

export interface RecordingIndex {
  listSegments(camera: string, from: number, to: number): StoredSegment[];
  listGaps(camera: string, from: number, to: number): StoredGap[];
}

/** Cuts recorded footage of a camera into one MP4 (the recorder's clip assembly). */
export interface ClipExporter {
  /** Resolves the absolute path of the clip file; AppError not_found when nothing covers the range. */
  exportClip(camera: string, from: number, to: number): Promise<{ path: string }>;
}

/** One live frame, encoded on demand and shared by everyone who watches it. */
export interface LiveFrameView {
  jpeg(opts: { height?: number; bbox: boolean }): Promise<Buffer>;
}

export interface LiveWatch {
  close(): void;
}

/** Live frames of the cameras; watching one asks the camera for frames (ref-counted with /ws). */
export interface LiveFrames {
  /** AppError not_found for an unknown camera. */
  watch(camera: string, fps: number, onFrame: (frame: LiveFrameView) => void): LiveWatch;
}

export interface ApiDeps {
  log: Logger;
  version: string;
  cameras: CameraDirectory;
  stats(): StatsSnapshot;
  /** Absolute data folder: media paths from the database are resolved under it. */
  dataDir: string;
  events: EventTable;
  manual: ManualEvents;
  recordings: RecordingIndex;
  clips: ClipExporter;
  live: LiveFrames;
  /** The running configuration (redacted before it is shown). */
  config(): unknown;
}

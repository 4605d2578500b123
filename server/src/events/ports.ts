// The stores the event service needs, declared here so events/ never imports storage/
// (dependency rule 5): storage/ implements them and main.ts injects them. Times are epoch seconds.
import type { Box, GapReason } from '../contracts/domain';

/** An event row as stored (the thumbnail BLOB is read separately). */
export interface StoredEvent {
  id: string;
  camera: string;
  label: string;
  sub_label: string | null;
  score: number;
  top_score: number;
  start_time: number;
  /** Null while the event is active. */
  end_time: number | null;
  /** Every zone the object entered. */
  zones: string[];
  /** Absolute [x1, y1, x2, y2] in detect-frame pixels. */
  box: Box;
  region: Box | null;
  detect_width: number;
  detect_height: number;
  has_clip: boolean;
  has_snapshot: boolean;
  retain: boolean;
  manual: boolean;
  /** Paths relative to the data folder. */
  snapshot_path: string | null;
  clip_path: string | null;
  /** Time of the last evidence (detection) of the object. */
  last_seen: number;
  data: Record<string, unknown>;
  created_at: number;
  updated_at: number;
}

export type NewEvent = Omit<StoredEvent, 'created_at' | 'updated_at' | 'end_time' | 'has_clip' | 'has_snapshot' | 'retain' | 'manual' | 'snapshot_path' | 'clip_path' | 'sub_label' | 'region' | 'data'> &
  Partial<Pick<StoredEvent, 'end_time' | 'has_clip' | 'has_snapshot' | 'retain' | 'manual' | 'snapshot_path' | 'clip_path' | 'sub_label' | 'region' | 'data'>> & {
    thumbnail?: Buffer | null;
  };

/** Fields the event service may change after insert (end_time goes through `end`). */
export type EventPatch = Partial<
  Pick<
    StoredEvent,
    | 'label'
    | 'sub_label'
    | 'score'
    | 'top_score'
    | 'zones'
    | 'box'
    | 'region'
    | 'detect_width'
    | 'detect_height'
    | 'has_clip'
    | 'has_snapshot'
    | 'snapshot_path'
    | 'clip_path'
    | 'last_seen'
    | 'data'
  >
> & { thumbnail?: Buffer | null };

export interface EventStore {
  insert(event: NewEvent): StoredEvent;
  /** False when no such event. */
  update(id: string, patch: EventPatch): boolean;
  end(id: string, endTime: number): boolean;
  get(id: string): StoredEvent | null;
  getThumbnail(id: string): Buffer | null;
  /** Events with end_time NULL, oldest first. */
  listOpen(camera?: string): StoredEvent[];
  setRetain(id: string, retain: boolean): boolean;
  delete(id: string): boolean;
}

export type SegmentKind = 'continuous' | 'event';

export interface StoredSegment {
  id: number;
  camera: string;
  /** Relative to the data folder. */
  path: string;
  start_time: number;
  end_time: number;
  duration: number;
  bytes: number;
  kind: SegmentKind;
  created_at: number;
}

export type NewSegment = Omit<StoredSegment, 'id' | 'created_at' | 'duration' | 'kind'> & { kind?: SegmentKind };

export interface SegmentStore {
  /** Returns the new row id. */
  insertSegment(segment: NewSegment): number;
  /** Segments of `camera` overlapping [from, to), oldest first: the material for a clip. */
  listSegments(camera: string, from: number, to: number): StoredSegment[];
}

export interface StoredGap {
  id: number;
  camera: string;
  start_time: number;
  /** Null while the gap is open. */
  end_time: number | null;
  reason: GapReason;
  detail: string | null;
}

export interface GapStore {
  openGap(camera: string, start: number, reason: GapReason, detail?: string | null): number;
  closeGap(id: number, end: number): boolean;
  /** Open gaps (end_time NULL), for a camera or all. */
  openGaps(camera?: string): StoredGap[];
  listGaps(camera: string, from: number, to: number): StoredGap[];
}

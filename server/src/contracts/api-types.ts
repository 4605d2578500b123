// REST shapes shared with the dashboard (type-only import there). Event JSON is in domain.ts
// (EventRecord); auth shapes in auth-api.ts; webhook admin shapes in webhook-api.ts.
import type { CameraInfo, EventRecord, RecordingGap, RecordingSegment, StatsSnapshot } from './domain';

export type { CameraInfo, EventRecord, StatsSnapshot };

/** `{error: {code, message}}` on every 4xx/5xx. */
export interface ApiError {
  error: { code: string; message: string };
}

/** Query of `GET /api/events` (all optional; comma lists for cameras/labels/zones). */
export interface EventListQuery {
  camera?: string;
  cameras?: string;
  label?: string;
  labels?: string;
  zone?: string;
  zones?: string;
  /** Epoch seconds; `before` is also the paging cursor (pass the last event's start_time). */
  after?: number;
  before?: number;
  min_score?: number;
  has_clip?: 0 | 1;
  has_snapshot?: 0 | 1;
  in_progress?: 0 | 1;
  include_thumbnails?: 0 | 1;
  limit?: number;
  sort?: 'desc' | 'asc';
}

/** `GET /api/events` → EventRecord[]; `GET /api/events/:id` → EventRecord. */
export type EventListResponse = EventRecord[];

/** `POST /api/events/:camera/:label/create` body. */
export interface CreateEventRequest {
  /** Seconds until the event ends by itself; null = until `PUT /api/events/:id/end`. @default 30 */
  duration?: number | null;
  score?: number;
  sub_label?: string | null;
}

export interface CreateEventResponse {
  success: true;
  message: string;
  event_id: string;
}

/** `GET /api/:camera/recordings?after=&before=` */
export interface RecordingsResponse {
  camera: string;
  segments: RecordingSegment[];
  gaps: RecordingGap[];
}

/** `GET /api/version` */
export interface VersionResponse {
  version: string;
  node: string;
}

// The `GET /api/events` query (Frigate's names, strings as they arrive) and its translation into
// the repository's EventQuery: singular and plural filters merge, booleans and times are parsed.
import { z } from 'zod';
import { DEFAULT_EVENT_LIMIT, MAX_EVENT_LIMIT, type EventQuery } from '../storage/event-query';
import { CAMERA_NAME, LABEL, ZONE_NAME, commaList, epochSeconds, queryBool, queryInt, queryNumber } from './query-fields';

export const eventListQuerySchema = z.strictObject({
  camera: commaList(CAMERA_NAME, 'cameras').optional(),
  cameras: commaList(CAMERA_NAME, 'cameras').optional(),
  label: commaList(LABEL, 'labels').optional(),
  labels: commaList(LABEL, 'labels').optional(),
  zone: commaList(ZONE_NAME, 'zones').optional(),
  zones: commaList(ZONE_NAME, 'zones').optional(),
  after: epochSeconds.optional().describe('Only events that started after this time (exclusive)'),
  before: epochSeconds.optional().describe('Only events that started before this time (exclusive); the paging cursor: pass the last start_time'),
  min_score: queryNumber(0, 1, 'Only events whose top score is at least this').optional(),
  has_clip: queryBool.optional(),
  has_snapshot: queryBool.optional(),
  in_progress: queryBool.optional().describe('1: only events still in progress; 0: only ended ones'),
  include_thumbnails: queryBool.optional().describe('Inline base64 thumbnails (default 0; /thumbnail.jpg is lighter)'),
  limit: queryInt(1, MAX_EVENT_LIMIT, `At most this many events (default ${DEFAULT_EVENT_LIMIT})`).optional(),
  sort: z.enum(['desc', 'asc']).optional().describe('By start time (default desc, newest first)'),
});

export type EventListQueryInput = z.output<typeof eventListQuerySchema>;

function merge(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (!a && !b) return undefined;
  return [...new Set([...(a ?? []), ...(b ?? [])])];
}

export function toEventQuery(q: EventListQueryInput): EventQuery {
  const out: EventQuery = {
    cameras: merge(q.camera, q.cameras),
    labels: merge(q.label, q.labels),
    zones: merge(q.zone, q.zones),
    after: q.after,
    before: q.before,
    min_score: q.min_score,
    has_clip: q.has_clip,
    has_snapshot: q.has_snapshot,
    in_progress: q.in_progress,
    include_thumbnails: q.include_thumbnails ?? false,
    limit: q.limit ?? DEFAULT_EVENT_LIMIT,
    sort: q.sort ?? 'desc',
  };
  for (const k of Object.keys(out) as (keyof EventQuery)[]) if (out[k] === undefined) delete out[k];
  return out;
}

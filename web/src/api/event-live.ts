// Pure helpers for live event messages (`events` topic): what a list shows before the REST record
// arrives, and how an update changes a record already on screen.
import type { EventRecord } from '../../../server/src/contracts/api-types';
import type { EventSnapshotData } from '../../../server/src/contracts/domain';
import type { FilterableEvent } from './event-query';

/** The filter view of a live message side (zones = every zone the object entered). */
export function filterableOf(s: EventSnapshotData): FilterableEvent {
  return { camera: s.camera, label: s.label, zones: s.entered_zones, top_score: s.top_score, start_time: s.start_time };
}

/** A record already shown, brought up to date with the latest message side. */
export function patchRecord(r: EventRecord, s: EventSnapshotData): EventRecord {
  const zones = [...new Set([...r.zones, ...s.entered_zones])];
  return {
    ...r,
    sub_label: s.sub_label ?? r.sub_label,
    end_time: s.end_time,
    end_time_iso: s.end_time === null ? null : new Date(s.end_time * 1000).toISOString(),
    score: s.score,
    top_score: Math.max(r.top_score, s.top_score),
    zones,
    has_clip: r.has_clip || s.has_clip,
    has_snapshot: r.has_snapshot || s.has_snapshot,
  };
}

/**
 * A stand-in record built from a live message, shown at once while the stored record is fetched
 * (the message can arrive before the REST API has the row). `data` is not used by the dashboard.
 */
export function recordFromMessage(s: EventSnapshotData): EventRecord {
  return {
    id: s.id,
    camera: s.camera,
    label: s.label,
    sub_label: s.sub_label,
    start_time: s.start_time,
    end_time: s.end_time,
    start_time_iso: new Date(s.start_time * 1000).toISOString(),
    end_time_iso: s.end_time === null ? null : new Date(s.end_time * 1000).toISOString(),
    score: s.score,
    top_score: s.top_score,
    zones: [...s.entered_zones],
    box: s.box,
    has_clip: s.has_clip,
    has_snapshot: s.has_snapshot,
    retain_indefinitely: false,
    manual: false,
    data: { box: [0, 0, 0, 0], region: null, score: s.score, top_score: s.top_score, type: 'object', detect_width: 0, detect_height: 0 },
  };
}

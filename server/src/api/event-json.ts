// Stored event row → the REST EventRecord: Frigate's shape (relative data.box [x, y, w, h]) plus
// Vigil's absolute box and ISO-8601 times. Pure, so it is table-tested with literal rows.
import type { Box, EventRecord } from '../contracts/domain';
import type { StoredEvent } from '../events/ports';

/** Six decimals keep sub-pixel precision on any frame and drop float noise. */
function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** Absolute [x1, y1, x2, y2] → relative [x, y, w, h] of a width × height frame (zeros for an unknown size). */
export function relativeBox(b: Box, width: number, height: number): Box {
  if (!(width > 0) || !(height > 0)) return [0, 0, 0, 0];
  return [round6(b[0] / width), round6(b[1] / height), round6((b[2] - b[0]) / width), round6((b[3] - b[1]) / height)];
}

export function isoTime(epochSeconds: number | null): string | null {
  if (epochSeconds === null || !Number.isFinite(epochSeconds)) return null;
  return new Date(Math.round(epochSeconds * 1000)).toISOString();
}

export function toEventRecord(e: StoredEvent & { thumbnail?: Buffer | null }, opts: { thumbnail?: boolean } = {}): EventRecord {
  const type = e.manual || e.data.type === 'manual' ? 'manual' : 'object';
  const rec: EventRecord = {
    id: e.id,
    camera: e.camera,
    label: e.label,
    sub_label: e.sub_label,
    start_time: e.start_time,
    end_time: e.end_time,
    start_time_iso: isoTime(e.start_time) ?? '',
    end_time_iso: isoTime(e.end_time),
    score: e.score,
    top_score: e.top_score,
    zones: e.zones,
    box: e.box,
    has_clip: e.has_clip,
    has_snapshot: e.has_snapshot,
    retain_indefinitely: e.retain,
    manual: e.manual,
    data: {
      box: relativeBox(e.box, e.detect_width, e.detect_height),
      region: e.region ? relativeBox(e.region, e.detect_width, e.detect_height) : null,
      score: e.score,
      top_score: e.top_score,
      type,
      detect_width: e.detect_width,
      detect_height: e.detect_height,
    },
  };
  if (opts.thumbnail) {
    const t = e.thumbnail;
    if (t && t.length > 0) rec.thumbnail = t.toString('base64');
  }
  return rec;
}

/** The box and score a stored snapshot shows: the best frame's (kept in data.snapshot), else the event's. */
export function snapshotBox(e: StoredEvent): { box: Box; score: number } {
  const s = e.data.snapshot as { box?: unknown; score?: unknown } | undefined;
  const okBox = Array.isArray(s?.box) && s.box.length === 4 && s.box.every((v) => typeof v === 'number' && Number.isFinite(v));
  return {
    box: okBox ? (s!.box as Box) : e.box,
    score: typeof s?.score === 'number' && Number.isFinite(s.score) ? s.score : e.top_score,
  };
}

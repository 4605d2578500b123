// The cross-table queries retention needs: events past their age, the events near a set of
// candidate segments, and the one transaction that removes a plan's rows.
import type { Db } from './database';
import { CAPTURE_SQL, captureParams, type CaptureWindows } from './segment.repository';
import type { EventInfo, RetentionPlan } from './retention';

interface EventInfoRow {
  id: string;
  camera: string;
  start_time: number;
  end_time: number | null;
  retain: number;
  has_clip: number;
  clip_path: string | null;
  snapshot_path: string | null;
}

const EVENT_COLUMNS = 'e.id, e.camera, e.start_time, e.end_time, e.retain, e.has_clip, e.clip_path, e.snapshot_path';

function toInfo(r: EventInfoRow): EventInfo {
  return {
    id: r.id,
    camera: r.camera,
    start: r.start_time,
    end: r.end_time,
    retain: r.retain === 1,
    hasClip: r.has_clip === 1,
    files: [r.clip_path, r.snapshot_path].filter((p): p is string => p !== null),
    ownClip: r.clip_path !== null,
  };
}

/** Per-camera cut-off times (epoch seconds) with a fallback for cameras not listed. */
export interface Cutoffs {
  byCamera: Record<string, number>;
  fallback: number;
}

export class RetentionRepository {
  private readonly expiredStmt;
  private readonly nearStmt;
  private readonly deleteSegmentStmt;
  private readonly deleteEventStmt;
  private readonly clipLostStmt;

  constructor(private readonly db: Db) {
    this.expiredStmt = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events e
       WHERE e.end_time IS NOT NULL AND e.end_time < @max_cut AND e.retain = 0
         AND e.end_time < COALESCE(json_extract(@cuts, '$."' || e.camera || '"'), @cut)
       ORDER BY e.end_time, e.id LIMIT @limit`,
    );
    // Same overlap rule as SegmentRepository.oldestSegments and the planner: [start - pre, end + post).
    this.nearStmt = db.prepare(
      `WITH q AS (SELECT s.camera, s.start_time, s.end_time, ${CAPTURE_SQL.pre} AS pre, ${CAPTURE_SQL.post} AS post
                  FROM recording_segments s WHERE s.id IN (SELECT value FROM json_each(@ids)))
       SELECT ${EVENT_COLUMNS} FROM q JOIN events e ON e.camera = q.camera AND e.end_time IS NOT NULL
         AND e.start_time < q.end_time + q.pre AND e.start_time > q.start_time - q.post - @span AND e.end_time + q.post > q.start_time
       UNION
       SELECT ${EVENT_COLUMNS} FROM q JOIN events e ON e.camera = q.camera AND e.end_time IS NULL AND e.start_time < q.end_time + q.pre`,
    );
    this.deleteSegmentStmt = db.prepare('DELETE FROM recording_segments WHERE id = ?');
    this.deleteEventStmt = db.prepare('DELETE FROM events WHERE id = ?');
    this.clipLostStmt = db.prepare('UPDATE events SET has_clip = 0, updated_at = ? WHERE id = ? AND has_clip = 1');
  }

  /** Closed, not retained events that ended before their camera's cut-off, oldest first. */
  expiredEvents(cutoffs: Cutoffs, limit: number): EventInfo[] {
    const maxCut = Math.max(cutoffs.fallback, ...Object.values(cutoffs.byCamera));
    const rows = this.expiredStmt.all({ cuts: JSON.stringify(cutoffs.byCamera), cut: cutoffs.fallback, max_cut: maxCut, limit }) as EventInfoRow[];
    return rows.map(toInfo);
  }

  /** Every event whose window (with pre/post capture) overlaps one of the given segments. */
  eventsNearSegments(ids: readonly number[], capture: CaptureWindows): EventInfo[] {
    if (ids.length === 0) return [];
    const span = this.db.prepare('SELECT COALESCE(MAX(end_time - start_time), 0) FROM events').pluck().get() as number;
    const rows = this.nearStmt.all({ ...captureParams(capture), ids: JSON.stringify(ids), span }) as EventInfoRow[];
    return rows.map(toInfo);
  }

  /**
   * Removes the plan's rows in one transaction: segments, expired events, lost clips. Files are
   * unlinked only after this commits, so no row ever points at a deleted file.
   */
  applyRows(plan: RetentionPlan, nowS: number): { segments: number; events: number; clipLost: number } {
    return this.db.transaction(() => {
      let segments = 0;
      let events = 0;
      let clipLost = 0;
      for (const s of plan.segments) segments += this.deleteSegmentStmt.run(s.id).changes;
      for (const e of plan.events) events += this.deleteEventStmt.run(e.id).changes;
      for (const id of plan.clipLost) clipLost += this.clipLostStmt.run(nowS, id).changes;
      return { segments, events, clipLost };
    })();
  }
}

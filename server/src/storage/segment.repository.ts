// Recording segments: what the recorder indexes, what clips are cut from, and what retention
// walks oldest first (with whether an event, or a retained event, needs each segment).
import type { NewSegment, SegmentKind, SegmentStore, StoredSegment } from '../events/ports';
import { systemClock, type Clock } from '../lib/clock';
import { AppError, errorMessage } from '../lib/errors';
import type { Db } from './database';
import { resolveMediaPath } from '../lib/media-paths';

/** The schema refuses longer segments; overlap searches rely on it to bound their index range. */
export const MAX_SEGMENT_SECONDS = 3600;

const COLUMNS = 'id, camera, path, start_time, end_time, duration, bytes, kind, created_at';

/** Seconds of footage kept before and after each event, per camera. */
export interface CaptureWindows {
  byCamera: Record<string, { pre: number; post: number }>;
  fallback: { pre: number; post: number };
}

export interface SegmentCandidate {
  id: number;
  camera: string;
  path: string;
  start_time: number;
  end_time: number;
  bytes: number;
  kind: SegmentKind;
  /** An event (with its pre/post capture) overlaps the segment. */
  event_overlap: boolean;
  /** A retained event (with its pre/post capture) overlaps the segment: never delete. */
  retained_overlap: boolean;
}

interface CandidateRow extends Omit<SegmentCandidate, 'event_overlap' | 'retained_overlap'> {
  event_overlap: number;
  retained_overlap: number;
}

/** `EXISTS` for "an event of the segment's camera overlaps [start - pre, end + post)", bounded by the longest closed event. */
function overlapSql(extra: string): string {
  return `(EXISTS (SELECT 1 FROM events e WHERE e.camera = q.camera AND e.end_time IS NOT NULL ${extra}
             AND e.start_time < q.end_time + q.pre AND e.start_time > q.start_time - q.post - @span
             AND e.end_time + q.post > q.start_time)
          OR EXISTS (SELECT 1 FROM events e WHERE e.end_time IS NULL AND e.camera = q.camera ${extra}
             AND e.start_time < q.end_time + q.pre))`;
}

/** Camera names are [a-z0-9_-], so they are safe inside a quoted JSON path. */
export const CAPTURE_SQL = {
  pre: `COALESCE(json_extract(@cams, '$."' || s.camera || '".pre'), @pre)`,
  post: `COALESCE(json_extract(@cams, '$."' || s.camera || '".post'), @post)`,
};

export function captureParams(c: CaptureWindows): { cams: string; pre: number; post: number } {
  return { cams: JSON.stringify(c.byCamera), pre: c.fallback.pre, post: c.fallback.post };
}

function checkSegment(s: NewSegment): void {
  resolveMediaPath('/', s.path);
  const ok = [s.start_time, s.end_time, s.bytes].every(Number.isFinite);
  if (!ok || s.end_time < s.start_time || s.end_time - s.start_time > MAX_SEGMENT_SECONDS || s.bytes < 0 || !Number.isInteger(s.bytes)) {
    throw new AppError('bad_request', `invalid segment ${s.path}: ${s.start_time}..${s.end_time}, ${s.bytes} bytes (at most ${MAX_SEGMENT_SECONDS} s)`);
  }
}

export class SegmentRepository implements SegmentStore {
  private readonly insertStmt;
  private readonly overlapStmt;
  private readonly byPathStmt;
  private readonly deleteStmt;
  private readonly totalStmt;
  private readonly perCameraStmt;
  private readonly spanStmt;
  private readonly oldestStmt;
  private readonly pathsStmt;
  private readonly countStmt;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock = systemClock,
  ) {
    this.insertStmt = db.prepare(
      `INSERT INTO recording_segments (camera, path, start_time, end_time, duration, bytes, kind, created_at)
       VALUES (@camera, @path, @start_time, @end_time, @end_time - @start_time, @bytes, @kind, @now)`,
    );
    this.overlapStmt = db.prepare(
      `SELECT ${COLUMNS} FROM recording_segments
       WHERE camera = @camera AND start_time < @to AND start_time > @from - ${MAX_SEGMENT_SECONDS} AND end_time > @from
       ORDER BY start_time, id`,
    );
    this.byPathStmt = db.prepare(`SELECT ${COLUMNS} FROM recording_segments WHERE path = ?`);
    this.deleteStmt = db.prepare('DELETE FROM recording_segments WHERE id = ?');
    this.totalStmt = db.prepare('SELECT COALESCE(SUM(bytes), 0) FROM recording_segments').pluck();
    // A straight table scan: walking the camera index would visit the table in random order.
    this.perCameraStmt = db.prepare('SELECT camera, SUM(bytes) AS bytes FROM recording_segments NOT INDEXED GROUP BY camera');
    this.spanStmt = db.prepare('SELECT COALESCE(MAX(end_time - start_time), 0) FROM events').pluck();
    this.countStmt = db.prepare('SELECT COUNT(*) FROM recording_segments').pluck();
    this.pathsStmt = db.prepare('SELECT id, path, start_time, end_time, camera FROM recording_segments');
    this.oldestStmt = db.prepare(
      `SELECT q.id, q.camera, q.path, q.start_time, q.end_time, q.bytes, q.kind,
         ${overlapSql('')} AS event_overlap, ${overlapSql('AND e.retain = 1')} AS retained_overlap
       FROM (SELECT s.id, s.camera, s.path, s.start_time, s.end_time, s.bytes, s.kind, ${CAPTURE_SQL.pre} AS pre, ${CAPTURE_SQL.post} AS post
             FROM recording_segments s WHERE (s.start_time, s.id) > (@after_start, @after_id)
             ORDER BY s.start_time, s.id LIMIT @limit) q
       ORDER BY q.start_time, q.id`,
    );
  }

  insertSegment(segment: NewSegment): number {
    checkSegment(segment);
    try {
      const r = this.insertStmt.run({ ...segment, kind: segment.kind ?? 'continuous', now: this.clock.now() / 1000 });
      return Number(r.lastInsertRowid);
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      if (code === 'SQLITE_CONSTRAINT_UNIQUE') throw new AppError('conflict', `segment ${segment.path} is already indexed`);
      if (code.startsWith('SQLITE_CONSTRAINT')) throw new AppError('bad_request', `invalid segment ${segment.path}: ${errorMessage(e)}`);
      throw e;
    }
  }

  listSegments(camera: string, from: number, to: number): StoredSegment[] {
    return this.overlapStmt.all({ camera, from, to }) as StoredSegment[];
  }

  getByPath(path: string): StoredSegment | null {
    return (this.byPathStmt.get(path) as StoredSegment | undefined) ?? null;
  }

  /** Deletes rows by id in one transaction; returns how many existed. */
  deleteSegments(ids: readonly number[]): number {
    return this.db.transaction(() => ids.reduce((n, id) => n + this.deleteStmt.run(id).changes, 0))();
  }

  count(): number {
    return this.countStmt.get() as number;
  }

  totalBytes(): number {
    return this.totalStmt.get() as number;
  }

  bytesByCamera(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.perCameraStmt.all() as { camera: string; bytes: number }[]) out[r.camera] = r.bytes;
    return out;
  }

  /**
   * Up to `limit` segments in (start_time, id) order after the cursor, each with whether an
   * event or a retained event (widened by that camera's pre/post capture) overlaps it.
   */
  oldestSegments(opts: { capture: CaptureWindows; limit: number; after?: { start_time: number; id: number } }): SegmentCandidate[] {
    const rows = this.oldestStmt.all({
      ...captureParams(opts.capture),
      span: this.spanStmt.get() as number,
      after_start: opts.after?.start_time ?? -Infinity,
      after_id: opts.after?.id ?? -1,
      limit: opts.limit,
    }) as CandidateRow[];
    return rows.map((r) => ({ ...r, event_overlap: r.event_overlap === 1, retained_overlap: r.retained_overlap === 1 }));
  }

  /** Every row's id and path, for reconciliation; collects before returning so callers may write. */
  allPaths(): { id: number; path: string; camera: string; start_time: number; end_time: number }[] {
    return this.pathsStmt.all() as { id: number; path: string; camera: string; start_time: number; end_time: number }[];
  }
}

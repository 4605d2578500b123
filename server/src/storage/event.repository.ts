// Events table: the event service's store (EventStore) and the list/count queries behind the
// REST API. Synchronous, prepared statements reused.
import type { Box } from '../contracts/domain';
import type { EventPatch, EventStore, NewEvent, StoredEvent } from '../events/ports';
import { systemClock, type Clock } from '../lib/clock';
import { AppError, errorMessage } from '../lib/errors';
import type { Db } from './database';
import { buildEventQuery, type EventQuery } from './event-query';
import { StatementCache } from './statement-cache';

/** Every column but the thumbnail BLOB, which only comes on request. */
const COLUMNS =
  'id, camera, label, sub_label, score, top_score, start_time, end_time, zones, box, region, detect_width, detect_height, ' +
  'has_clip, has_snapshot, retain, manual, snapshot_path, clip_path, last_seen, data, created_at, updated_at';

interface EventRow {
  id: string;
  camera: string;
  label: string;
  sub_label: string | null;
  score: number;
  top_score: number;
  start_time: number;
  end_time: number | null;
  zones: string;
  box: string;
  region: string | null;
  detect_width: number;
  detect_height: number;
  has_clip: number;
  has_snapshot: number;
  retain: number;
  manual: number;
  snapshot_path: string | null;
  clip_path: string | null;
  last_seen: number;
  data: string;
  created_at: number;
  updated_at: number;
  thumbnail?: Buffer | null;
}

export type EventListItem = StoredEvent & { thumbnail?: Buffer | null };

function fromRow(r: EventRow): EventListItem {
  const e: EventListItem = {
    id: r.id,
    camera: r.camera,
    label: r.label,
    sub_label: r.sub_label,
    score: r.score,
    top_score: r.top_score,
    start_time: r.start_time,
    end_time: r.end_time,
    zones: JSON.parse(r.zones) as string[],
    box: JSON.parse(r.box) as Box,
    region: r.region === null ? null : (JSON.parse(r.region) as Box),
    detect_width: r.detect_width,
    detect_height: r.detect_height,
    has_clip: r.has_clip === 1,
    has_snapshot: r.has_snapshot === 1,
    retain: r.retain === 1,
    manual: r.manual === 1,
    snapshot_path: r.snapshot_path,
    clip_path: r.clip_path,
    last_seen: r.last_seen,
    data: JSON.parse(r.data) as Record<string, unknown>,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
  if (r.thumbnail !== undefined) e.thumbnail = r.thumbnail;
  return e;
}

/** How each patchable field is written. */
const PATCH: Record<keyof EventPatch, (v: never) => unknown> = {
  label: (v: string) => v,
  sub_label: (v: string | null) => v,
  score: (v: number) => v,
  top_score: (v: number) => v,
  zones: (v: string[]) => JSON.stringify(v),
  box: (v: Box) => JSON.stringify(v),
  region: (v: Box | null) => (v === null ? null : JSON.stringify(v)),
  detect_width: (v: number) => v,
  detect_height: (v: number) => v,
  has_clip: (v: boolean) => (v ? 1 : 0),
  has_snapshot: (v: boolean) => (v ? 1 : 0),
  snapshot_path: (v: string | null) => v,
  clip_path: (v: string | null) => v,
  last_seen: (v: number) => v,
  data: (v: Record<string, unknown>) => JSON.stringify(v),
  thumbnail: (v: Buffer | null) => v,
};

/** SQLite constraint failures become a clear 400/409 instead of a crash. */
function constraintError(e: unknown, what: string): never {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') throw new AppError('conflict', `${what} already exists`);
  if (code.startsWith('SQLITE_CONSTRAINT')) throw new AppError('bad_request', `invalid ${what}: ${errorMessage(e)}`);
  throw e;
}

export class EventRepository implements EventStore {
  private readonly cache: StatementCache;
  private readonly insertStmt;
  private readonly getStmt;
  private readonly thumbStmt;
  private readonly endStmt;
  private readonly retainStmt;
  private readonly deleteStmt;
  private readonly openStmt;
  private readonly openCameraStmt;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock = systemClock,
  ) {
    this.cache = new StatementCache(db);
    this.insertStmt = db.prepare(
      `INSERT INTO events (id, camera, label, sub_label, score, top_score, start_time, end_time, zones, box, region, detect_width,
         detect_height, has_clip, has_snapshot, retain, manual, snapshot_path, thumbnail, clip_path, last_seen, data, created_at, updated_at)
       VALUES (@id, @camera, @label, @sub_label, @score, @top_score, @start_time, @end_time, @zones, @box, @region, @detect_width,
         @detect_height, @has_clip, @has_snapshot, @retain, @manual, @snapshot_path, @thumbnail, @clip_path, @last_seen, @data, @now, @now)`,
    );
    this.getStmt = db.prepare(`SELECT ${COLUMNS} FROM events WHERE id = ?`);
    this.thumbStmt = db.prepare('SELECT thumbnail FROM events WHERE id = ?').pluck();
    this.endStmt = db.prepare('UPDATE events SET end_time = ?, updated_at = ? WHERE id = ?');
    this.retainStmt = db.prepare('UPDATE events SET retain = ?, updated_at = ? WHERE id = ?');
    this.deleteStmt = db.prepare('DELETE FROM events WHERE id = ?');
    this.openStmt = db.prepare(`SELECT ${COLUMNS} FROM events WHERE end_time IS NULL ORDER BY start_time, id`);
    this.openCameraStmt = db.prepare(`SELECT ${COLUMNS} FROM events WHERE end_time IS NULL AND camera = ? ORDER BY start_time, id`);
  }

  private nowS(): number {
    return this.clock.now() / 1000;
  }

  insert(ev: NewEvent): StoredEvent {
    try {
      this.insertStmt.run({
        id: ev.id,
        camera: ev.camera,
        label: ev.label,
        sub_label: ev.sub_label ?? null,
        score: ev.score,
        top_score: ev.top_score,
        start_time: ev.start_time,
        end_time: ev.end_time ?? null,
        zones: JSON.stringify(ev.zones),
        box: JSON.stringify(ev.box),
        region: ev.region ? JSON.stringify(ev.region) : null,
        detect_width: ev.detect_width,
        detect_height: ev.detect_height,
        has_clip: ev.has_clip ? 1 : 0,
        has_snapshot: ev.has_snapshot ? 1 : 0,
        retain: ev.retain ? 1 : 0,
        manual: ev.manual ? 1 : 0,
        snapshot_path: ev.snapshot_path ?? null,
        thumbnail: ev.thumbnail ?? null,
        clip_path: ev.clip_path ?? null,
        last_seen: ev.last_seen,
        data: JSON.stringify(ev.data ?? {}),
        now: this.nowS(),
      });
    } catch (e) {
      constraintError(e, `event ${ev.id}`);
    }
    return this.get(ev.id) as StoredEvent;
  }

  update(id: string, patch: EventPatch): boolean {
    const keys = (Object.keys(patch) as (keyof EventPatch)[]).filter((k) => patch[k] !== undefined).sort();
    for (const k of keys) if (!(k in PATCH)) throw new AppError('bad_request', `event field ${String(k)} cannot be updated`);
    const sets = keys.map((k) => `${k} = @${k}`).concat('updated_at = @updated_at');
    const params: Record<string, unknown> = { id, updated_at: this.nowS() };
    for (const k of keys) params[k] = (PATCH[k] as (v: unknown) => unknown)(patch[k]);
    try {
      return this.cache.get(`UPDATE events SET ${sets.join(', ')} WHERE id = @id`).run(params).changes > 0;
    } catch (e) {
      constraintError(e, `event ${id}`);
    }
  }

  end(id: string, endTime: number): boolean {
    try {
      return this.endStmt.run(endTime, this.nowS(), id).changes > 0;
    } catch (e) {
      constraintError(e, `end time for event ${id}`);
    }
  }

  get(id: string): StoredEvent | null {
    const r = this.getStmt.get(id) as EventRow | undefined;
    return r ? fromRow(r) : null;
  }

  getThumbnail(id: string): Buffer | null {
    return (this.thumbStmt.get(id) as Buffer | null | undefined) ?? null;
  }

  listOpen(camera?: string): StoredEvent[] {
    const rows = (camera === undefined ? this.openStmt.all() : this.openCameraStmt.all(camera)) as EventRow[];
    return rows.map(fromRow);
  }

  setRetain(id: string, retain: boolean): boolean {
    return this.retainStmt.run(retain ? 1 : 0, this.nowS(), id).changes > 0;
  }

  delete(id: string): boolean {
    return this.deleteStmt.run(id).changes > 0;
  }

  list(query: EventQuery = {}): EventListItem[] {
    const b = buildEventQuery(query);
    const cols = query.include_thumbnails ? `${COLUMNS}, thumbnail` : COLUMNS;
    const sql = `SELECT ${cols} FROM events WHERE ${b.where} ORDER BY ${b.orderBy} LIMIT @limit`;
    return (this.cache.get(sql).all({ ...b.params, limit: b.limit }) as EventRow[]).map(fromRow);
  }

  /** How many events match the filters (limit and sort ignored). */
  count(query: EventQuery = {}): number {
    const b = buildEventQuery({ ...query, limit: undefined, sort: undefined });
    return this.cache.get(`SELECT COUNT(*) FROM events WHERE ${b.where}`).pluck().get(b.params) as number;
  }
}

// The event list query (Frigate's GET /api/events filters) validated and turned into one SQL
// WHERE clause. Array filters bind as one JSON parameter, so the SQL text depends only on which
// filters are present and its prepared statement can be cached.
import { AppError } from '../lib/errors';

export const DEFAULT_EVENT_LIMIT = 100;
export const MAX_EVENT_LIMIT = 1000;

export interface EventQuery {
  /** Empty or absent = every camera (same for labels and zones). */
  cameras?: string[];
  labels?: string[];
  /** Events that entered any of these zones. */
  zones?: string[];
  /** start_time > after (exclusive). */
  after?: number;
  /** start_time < before (exclusive); also the paging cursor of the default (desc) order. */
  before?: number;
  /** With `before`: rows at exactly `before` with an id below this one still qualify (ties). */
  before_id?: string;
  /** With `after`: rows at exactly `after` with an id above this one still qualify. */
  after_id?: string;
  /** top_score >= min_score. */
  min_score?: number;
  has_clip?: boolean;
  has_snapshot?: boolean;
  /** true: end_time IS NULL; false: ended events only. */
  in_progress?: boolean;
  retain?: boolean;
  limit?: number;
  sort?: 'desc' | 'asc';
  include_thumbnails?: boolean;
}

export interface BuiltEventQuery {
  /** Stable text for the statement cache. */
  where: string;
  orderBy: string;
  params: Record<string, string | number>;
  limit: number;
}

function finite(name: string, v: number | undefined): void {
  if (v !== undefined && !Number.isFinite(v)) throw new AppError('bad_request', `${name} must be a finite number`);
}

function list(name: string, v: string[] | undefined): string[] | null {
  if (v === undefined || v.length === 0) return null;
  if (!v.every((s) => typeof s === 'string')) throw new AppError('bad_request', `${name} must be a list of strings`);
  return v;
}

export function buildEventQuery(q: EventQuery): BuiltEventQuery {
  finite('after', q.after);
  finite('before', q.before);
  finite('min_score', q.min_score);
  const limit = q.limit ?? DEFAULT_EVENT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENT_LIMIT) {
    throw new AppError('bad_request', `limit must be an integer from 1 to ${MAX_EVENT_LIMIT}`);
  }
  const sort = q.sort ?? 'desc';
  if (sort !== 'desc' && sort !== 'asc') throw new AppError('bad_request', 'sort must be "desc" or "asc"');
  if (q.before_id !== undefined && q.before === undefined) throw new AppError('bad_request', 'before_id needs before');
  if (q.after_id !== undefined && q.after === undefined) throw new AppError('bad_request', 'after_id needs after');

  const clauses: string[] = [];
  const params: Record<string, string | number> = {};
  const cameras = list('cameras', q.cameras);
  if (cameras) {
    clauses.push('camera IN (SELECT value FROM json_each(@cameras))');
    params.cameras = JSON.stringify(cameras);
  }
  const labels = list('labels', q.labels);
  if (labels) {
    clauses.push('label IN (SELECT value FROM json_each(@labels))');
    params.labels = JSON.stringify(labels);
  }
  const zones = list('zones', q.zones);
  if (zones) {
    clauses.push('EXISTS (SELECT 1 FROM json_each(events.zones) z WHERE z.value IN (SELECT value FROM json_each(@zones)))');
    params.zones = JSON.stringify(zones);
  }
  if (q.after !== undefined) {
    clauses.push(q.after_id !== undefined ? '(start_time > @after OR (start_time = @after AND id > @after_id))' : 'start_time > @after');
    params.after = q.after;
    if (q.after_id !== undefined) params.after_id = q.after_id;
  }
  if (q.before !== undefined) {
    clauses.push(q.before_id !== undefined ? '(start_time < @before OR (start_time = @before AND id < @before_id))' : 'start_time < @before');
    params.before = q.before;
    if (q.before_id !== undefined) params.before_id = q.before_id;
  }
  if (q.min_score !== undefined) {
    clauses.push('top_score >= @min_score');
    params.min_score = q.min_score;
  }
  if (q.has_clip !== undefined) clauses.push(`has_clip = ${q.has_clip ? 1 : 0}`);
  if (q.has_snapshot !== undefined) clauses.push(`has_snapshot = ${q.has_snapshot ? 1 : 0}`);
  if (q.retain !== undefined) clauses.push(`retain = ${q.retain ? 1 : 0}`);
  if (q.in_progress !== undefined) clauses.push(q.in_progress ? 'end_time IS NULL' : 'end_time IS NOT NULL');

  const dir = sort === 'asc' ? 'ASC' : 'DESC';
  return {
    where: clauses.length > 0 ? clauses.join(' AND ') : '1',
    orderBy: `start_time ${dir}, id ${dir}`,
    params,
    limit,
  };
}

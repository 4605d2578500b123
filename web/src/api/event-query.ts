// Pure event-list logic: filters ↔ URL search, the REST query for one page, live-event matching,
// and merging pages/live arrivals without duplicates.
import type { EventListQuery, EventRecord } from '../../../server/src/contracts/api-types';

/** What the events page filters on; dates are local calendar days "YYYY-MM-DD" (inclusive). */
export interface EventFilters {
  camera: string;
  label: string;
  zone: string;
  from: string;
  to: string;
  /** Minimum top score in percent (0 = any). */
  minScore: number;
}

export const EMPTY_FILTERS: EventFilters = { camera: '', label: '', zone: '', from: '', to: '', minScore: 0 };

export const PAGE_SIZE = 40;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight at the start of "YYYY-MM-DD" as epoch seconds, or null if not a real date. */
export function dayStart(day: string): number | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return date.getTime() / 1000;
}

/** Local midnight after the day "YYYY-MM-DD" (end of the inclusive range). */
export function dayEnd(day: string): number | null {
  const s = dayStart(day);
  if (s === null) return null;
  const d = new Date(s * 1000);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime() / 1000;
}

export function filtersFromSearch(search: string): EventFilters {
  const p = new URLSearchParams(search);
  const score = Number(p.get('min_score') ?? '0');
  return {
    camera: p.get('camera') ?? '',
    label: p.get('label') ?? '',
    zone: p.get('zone') ?? '',
    from: dayStart(p.get('from') ?? '') === null ? '' : (p.get('from') as string),
    to: dayStart(p.get('to') ?? '') === null ? '' : (p.get('to') as string),
    minScore: Number.isFinite(score) ? Math.min(100, Math.max(0, Math.round(score))) : 0,
  };
}

/** The page URL's search for these filters ("" when none), in a stable order. */
export function filtersToSearch(f: EventFilters): string {
  const p = new URLSearchParams();
  if (f.camera) p.set('camera', f.camera);
  if (f.label) p.set('label', f.label);
  if (f.zone) p.set('zone', f.zone);
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.minScore > 0) p.set('min_score', String(f.minScore));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function hasFilters(f: EventFilters): boolean {
  return filtersToSearch(f) !== '';
}

/** The REST query for one page; `cursor` is the start_time of the last event already shown. */
export function eventListQuery(f: EventFilters, cursor: number | null, limit = PAGE_SIZE): EventListQuery {
  const q: EventListQuery = { limit, sort: 'desc' };
  if (f.camera) q.cameras = f.camera;
  if (f.label) q.labels = f.label;
  if (f.zone) q.zones = f.zone;
  const after = dayStart(f.from);
  if (after !== null) q.after = after;
  const end = dayEnd(f.to);
  const before = end !== null && cursor !== null ? Math.min(end, cursor) : (cursor ?? end);
  if (before !== null) q.before = before;
  if (f.minScore > 0) q.min_score = f.minScore / 100;
  return q;
}

export function queryString(q: EventListQuery): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined) p.set(k, String(v));
  return p.toString();
}

/** The fields of an event that filters look at (an EventRecord or a live event message side). */
export interface FilterableEvent {
  camera: string;
  label: string;
  zones: readonly string[];
  top_score: number;
  start_time: number;
}

export function matchesFilters(e: FilterableEvent, f: EventFilters): boolean {
  if (f.camera && e.camera !== f.camera) return false;
  if (f.label && e.label !== f.label) return false;
  if (f.zone && !e.zones.includes(f.zone)) return false;
  if (f.minScore > 0 && e.top_score < f.minScore / 100) return false;
  const after = dayStart(f.from);
  if (after !== null && e.start_time < after) return false;
  const before = dayEnd(f.to);
  if (before !== null && e.start_time >= before) return false;
  return true;
}

/** Newest first, one entry per id; a later copy of an event replaces the earlier one. */
export function mergeEvents(current: readonly EventRecord[], incoming: readonly EventRecord[]): EventRecord[] {
  const byId = new Map<string, EventRecord>();
  for (const e of current) byId.set(e.id, e);
  for (const e of incoming) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => b.start_time - a.start_time || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** The paging cursor after a page: the oldest start_time shown, or null when the page was short (no more). */
export function nextCursor(page: readonly EventRecord[], limit = PAGE_SIZE): number | null {
  if (page.length < limit) return null;
  let min = Infinity;
  for (const e of page) min = Math.min(min, e.start_time);
  return Number.isFinite(min) ? min : null;
}

// Events page logic: URL filters, the REST query per page, live matching, merging and the cursor.
import type { EventRecord } from '../../../server/src/contracts/api-types';
import {
  dayEnd,
  dayStart,
  EMPTY_FILTERS,
  eventListQuery,
  filtersFromSearch,
  filtersToSearch,
  matchesFilters,
  mergeEvents,
  nextCursor,
  queryString,
  type EventFilters,
} from '../../../web/src/api/event-query';

function ev(id: string, start: number, extra: Partial<EventRecord> = {}): EventRecord {
  return {
    id,
    camera: 'front',
    label: 'person',
    sub_label: null,
    start_time: start,
    end_time: start + 5,
    start_time_iso: '',
    end_time_iso: null,
    score: 0.8,
    top_score: 0.8,
    zones: [],
    box: [0, 0, 10, 10],
    has_clip: true,
    has_snapshot: true,
    retain_indefinitely: false,
    manual: false,
    data: { box: [0, 0, 0.1, 0.1], region: null, score: 0.8, top_score: 0.8, type: 'object', detect_width: 100, detect_height: 100 },
    ...extra,
  };
}

const local = (y: number, m: number, d: number) => new Date(y, m - 1, d).getTime() / 1000;

describe('calendar days', () => {
  it.each([
    ['2024-03-10', local(2024, 3, 10), local(2024, 3, 11)],
    ['2024-12-31', local(2024, 12, 31), local(2025, 1, 1)],
    ['2024-02-29', local(2024, 2, 29), local(2024, 3, 1)],
  ])('%s starts and ends at local midnight', (day, start, end) => {
    expect(dayStart(day)).toBe(start);
    expect(dayEnd(day)).toBe(end);
  });

  it.each(['', '2023-02-29', '2024-13-01', '24-01-01', '2024-1-1', 'yesterday'])('rejects %j', (day) => {
    expect(dayStart(day)).toBeNull();
    expect(dayEnd(day)).toBeNull();
  });
});

describe('filters in the URL', () => {
  it('round-trips every field in a stable order', () => {
    const f: EventFilters = { camera: 'front door', label: 'car', zone: 'drive', from: '2024-03-01', to: '2024-03-02', minScore: 70 };
    const search = filtersToSearch(f);
    expect(search).toBe('?camera=front+door&label=car&zone=drive&from=2024-03-01&to=2024-03-02&min_score=70');
    expect(filtersFromSearch(search)).toEqual(f);
  });

  it('leaves out empty filters', () => {
    expect(filtersToSearch(EMPTY_FILTERS)).toBe('');
    expect(filtersFromSearch('')).toEqual(EMPTY_FILTERS);
  });

  it('drops bad dates and clamps the score', () => {
    expect(filtersFromSearch('?from=nope&to=2024-02-30&min_score=250')).toEqual({ ...EMPTY_FILTERS, minScore: 100 });
    expect(filtersFromSearch('?min_score=abc').minScore).toBe(0);
    expect(filtersFromSearch('?min_score=-5').minScore).toBe(0);
  });
});

describe('REST query per page', () => {
  it('first page: filters only, newest first', () => {
    const f: EventFilters = { ...EMPTY_FILTERS, camera: 'front', label: 'person', zone: 'porch', minScore: 60 };
    expect(eventListQuery(f, null, 40)).toEqual({ limit: 40, sort: 'desc', cameras: 'front', labels: 'person', zones: 'porch', min_score: 0.6 });
  });

  it('next page: before = the cursor', () => {
    expect(eventListQuery(EMPTY_FILTERS, 1700000000.5, 40)).toEqual({ limit: 40, sort: 'desc', before: 1700000000.5 });
  });

  it('date range: after = start of "from", before = the earlier of end of "to" and the cursor', () => {
    const f = { ...EMPTY_FILTERS, from: '2024-03-01', to: '2024-03-02' };
    expect(eventListQuery(f, null, 10)).toMatchObject({ after: local(2024, 3, 1), before: local(2024, 3, 3) });
    expect(eventListQuery(f, local(2024, 3, 2) + 60, 10).before).toBe(local(2024, 3, 2) + 60);
    expect(eventListQuery(f, local(2024, 3, 5), 10).before).toBe(local(2024, 3, 3));
  });

  it('serialises without undefined keys', () => {
    expect(queryString({ limit: 5, sort: 'desc', cameras: 'a,b', before: 12.5 })).toBe('limit=5&sort=desc&cameras=a%2Cb&before=12.5');
  });
});

describe('live events against filters', () => {
  const e = { camera: 'front', label: 'person', zones: ['porch'], top_score: 0.72, start_time: local(2024, 3, 1) + 3600 };
  it.each<[string, Partial<EventFilters>, boolean]>([
    ['no filters', {}, true],
    ['same camera', { camera: 'front' }, true],
    ['other camera', { camera: 'back' }, false],
    ['other label', { label: 'car' }, false],
    ['zone entered', { zone: 'porch' }, true],
    ['zone not entered', { zone: 'drive' }, false],
    ['score just enough', { minScore: 70 }, true],
    ['score too low', { minScore: 75 }, false],
    ['inside the day range', { from: '2024-03-01', to: '2024-03-01' }, true],
    ['range ended before', { to: '2024-02-29' }, false],
    ['range starts after', { from: '2024-03-02' }, false],
  ])('%s', (_name, f, expected) => {
    expect(matchesFilters(e, { ...EMPTY_FILTERS, ...f })).toBe(expected);
  });
});

describe('merging and paging', () => {
  it('keeps one copy per id, newest first, later copies win', () => {
    const merged = mergeEvents([ev('b', 20), ev('a', 10)], [ev('c', 30), ev('b', 20, { top_score: 0.95 }), ev('d', 5)]);
    expect(merged.map((e) => e.id)).toEqual(['c', 'b', 'a', 'd']);
    expect(merged[1]!.top_score).toBe(0.95);
  });

  it('orders equal start times by id so the order is stable', () => {
    expect(mergeEvents([], [ev('x', 10), ev('y', 10)]).map((e) => e.id)).toEqual(['y', 'x']);
  });

  it('the cursor is the oldest start of a full page; a short page ends paging', () => {
    expect(nextCursor([ev('a', 30), ev('b', 12.5), ev('c', 20)], 3)).toBe(12.5);
    expect(nextCursor([ev('a', 30), ev('b', 12.5)], 3)).toBeNull();
    expect(nextCursor([], 3)).toBeNull();
  });
});

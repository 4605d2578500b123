// 100,000 real rows: every list answer must equal the same filter and order computed in plain
// JavaScript, and paging with before/before_id must visit every matching row exactly once.
import type { NewEvent } from '../../../server/src/events/ports';
import { EventRepository } from '../../../server/src/storage/event.repository';
import type { EventQuery } from '../../../server/src/storage/event-query';
import { openFixture, type StorageFixture } from './storage-fixture';

const N = 100_000;
const CAMERAS = ['c0', 'c1', 'c2', 'c3'];
const LABELS = ['person', 'car', 'dog', 'cat', 'truck'];
const ZONES = ['a', 'b', 'c', 'd'];

function makeRows(): NewEvent[] {
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows: NewEvent[] = [];
  for (let i = 0; i < N; i++) {
    // Every 50th pair shares a start time, so ties are exercised.
    const start = 1.7e9 + Math.floor(i / 2) * 7 + (i % 50 === 1 ? 0 : (i % 2) * 3);
    rows.push({
      id: `${start.toFixed(6)}-${String(i).padStart(6, '0')}`,
      camera: CAMERAS[Math.floor(rnd() * 4)] as string,
      label: LABELS[Math.floor(rnd() * 5)] as string,
      score: 0.5,
      top_score: Math.round(rnd() * 100) / 100,
      start_time: start,
      end_time: rnd() < 0.02 ? null : start + 5,
      zones: ZONES.filter(() => rnd() < 0.2),
      box: [0, 0, 10, 10],
      detect_width: 640,
      detect_height: 480,
      has_clip: rnd() < 0.5,
      has_snapshot: rnd() < 0.7,
      last_seen: start,
    });
  }
  return rows;
}

function expected(rows: NewEvent[], q: EventQuery): string[] {
  const dir = q.sort === 'asc' ? 1 : -1;
  return rows
    .filter((r) => !q.cameras?.length || q.cameras.includes(r.camera))
    .filter((r) => !q.labels?.length || q.labels.includes(r.label))
    .filter((r) => !q.zones?.length || r.zones.some((z) => q.zones?.includes(z)))
    .filter((r) => q.after === undefined || r.start_time > q.after)
    .filter((r) => q.before === undefined || r.start_time < q.before || (q.before_id !== undefined && r.start_time === q.before && r.id < q.before_id))
    .filter((r) => q.min_score === undefined || r.top_score >= q.min_score)
    .filter((r) => q.has_clip === undefined || !!r.has_clip === q.has_clip)
    .filter((r) => q.has_snapshot === undefined || !!r.has_snapshot === q.has_snapshot)
    .filter((r) => q.in_progress === undefined || (r.end_time == null) === q.in_progress)
    .sort((a, b) => dir * (a.start_time - b.start_time) || dir * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, q.limit ?? 100)
    .map((r) => r.id);
}

describe('event list over 100,000 rows', () => {
  let f: StorageFixture;
  let repo: EventRepository;
  let rows: NewEvent[];
  beforeAll(() => {
    f = openFixture();
    repo = new EventRepository(f.db, f.clock);
    rows = makeRows();
    f.db.transaction(() => rows.forEach((r) => repo.insert(r)))();
  });
  afterAll(() => f.close());

  const mid = 1.7e9 + 175_000;
  it.each<[string, EventQuery]>([
    ['newest page', {}],
    ['oldest page', { sort: 'asc' }],
    ['one camera, max limit', { cameras: ['c2'], limit: 1000 }],
    ['two labels before a time', { labels: ['dog', 'cat'], before: mid }],
    ['zone b, asc after a time', { zones: ['b'], after: mid, sort: 'asc' }],
    ['in progress', { in_progress: true, limit: 1000 }],
    ['everything at once', { cameras: ['c0', 'c3'], labels: ['person'], zones: ['a', 'd'], min_score: 0.5, has_clip: true, has_snapshot: true, in_progress: false, limit: 1000 }],
  ])('%s matches the same query in JavaScript', (_n, q) => {
    const ids = repo.list(q).map((e) => e.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected(rows, q));
    expect(repo.count(q)).toBe(expected(rows, { ...q, limit: N }).length);
  });

  it('pages through one camera with before/before_id without skipping or repeating a row', () => {
    const q: EventQuery = { cameras: ['c1'], labels: ['person', 'car'], limit: 1000 };
    const seen: string[] = [];
    let cursor: { before?: number; before_id?: string } = {};
    for (;;) {
      const page = repo.list({ ...q, ...cursor });
      seen.push(...page.map((e) => e.id));
      const last = page[page.length - 1];
      if (page.length < 1000 || !last) break;
      cursor = { before: last.start_time, before_id: last.id };
    }
    expect(seen).toEqual(expected(rows, { ...q, limit: N }));
    expect(seen.length).toBeGreaterThan(5000);
  });
});

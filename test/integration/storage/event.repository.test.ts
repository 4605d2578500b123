import type { NewEvent } from '../../../server/src/events/ports';
import { EventRepository } from '../../../server/src/storage/event.repository';
import type { EventQuery } from '../../../server/src/storage/event-query';
import { openFixture, type StorageFixture } from './storage-fixture';

function ev(id: string, camera: string, label: string, start: number, more: Partial<NewEvent> = {}): NewEvent {
  return { id, camera, label, score: 0.5, top_score: 0.5, start_time: start, zones: [], box: [10, 20, 110, 220], detect_width: 640, detect_height: 480, last_seen: start, ...more };
}

// The literal table every filter case below reads from.
const ROWS: NewEvent[] = [
  ev('e1', 'front', 'person', 1000, { end_time: 1010, zones: ['porch'], top_score: 0.9, has_clip: true, has_snapshot: true }),
  ev('e2', 'front', 'car', 1100, { end_time: 1200, top_score: 0.6, has_snapshot: true }),
  ev('e3', 'back', 'person', 1200, { zones: ['yard', 'gate'], top_score: 0.75, has_clip: true }),
  ev('e4', 'back', 'dog', 1300, { end_time: 1310, zones: ['yard'], top_score: 0.5, retain: true }),
  ev('e5', 'side', 'person', 1400, { end_time: 1405, zones: ['gate'], top_score: 0.95, has_clip: true, has_snapshot: true }),
  ev('e6', 'front', 'person', 1400, { end_time: 1450, zones: ['porch', 'driveway'], top_score: 0.8, has_snapshot: true }),
];

// [name, query, expected ids, expected count (null: the page length)]
const CASES: [string, EventQuery, string[], number | null][] = [
  ['no filter: newest first, id breaks the tie', {}, ['e6', 'e5', 'e4', 'e3', 'e2', 'e1'], null],
  ['ascending', { sort: 'asc' }, ['e1', 'e2', 'e3', 'e4', 'e5', 'e6'], null],
  ['one camera', { cameras: ['front'] }, ['e6', 'e2', 'e1'], null],
  ['two cameras', { cameras: ['front', 'side'] }, ['e6', 'e5', 'e2', 'e1'], null],
  ['empty camera list means all', { cameras: [] }, ['e6', 'e5', 'e4', 'e3', 'e2', 'e1'], null],
  ['one label', { labels: ['person'] }, ['e6', 'e5', 'e3', 'e1'], null],
  ['two labels', { labels: ['car', 'dog'] }, ['e4', 'e2'], null],
  ['zone', { zones: ['yard'] }, ['e4', 'e3'], null],
  ['any of two zones', { zones: ['gate', 'porch'] }, ['e6', 'e5', 'e3', 'e1'], null],
  ['unknown zone', { zones: ['nowhere'] }, [], null],
  ['after is exclusive', { after: 1200 }, ['e6', 'e5', 'e4'], null],
  ['before is exclusive', { before: 1200 }, ['e2', 'e1'], null],
  ['between', { after: 1000, before: 1400 }, ['e4', 'e3', 'e2'], null],
  ['min_score on top_score', { min_score: 0.8 }, ['e6', 'e5', 'e1'], null],
  ['has_clip', { has_clip: true }, ['e5', 'e3', 'e1'], null],
  ['no clip', { has_clip: false }, ['e6', 'e4', 'e2'], null],
  ['has_snapshot', { has_snapshot: true }, ['e6', 'e5', 'e2', 'e1'], null],
  ['in progress', { in_progress: true }, ['e3'], null],
  ['ended', { in_progress: false }, ['e6', 'e5', 'e4', 'e2', 'e1'], null],
  ['retained', { retain: true }, ['e4'], null],
  ['limit', { limit: 2 }, ['e6', 'e5'], 6],
  ['next page after e6 (tie on start time)', { before: 1400, before_id: 'e6', limit: 2 }, ['e5', 'e4'], 5],
  ['next ascending page after e5', { after: 1400, after_id: 'e5', sort: 'asc' }, ['e6'], null],
  ['combined', { cameras: ['front', 'back'], labels: ['person'], zones: ['yard', 'porch'], min_score: 0.7 }, ['e6', 'e3', 'e1'], null],
];

describe('EventRepository', () => {
  let f: StorageFixture;
  let repo: EventRepository;
  beforeEach(() => {
    f = openFixture();
    repo = new EventRepository(f.db, f.clock);
  });
  afterEach(() => f.close());

  describe('list filters', () => {
    beforeEach(() => ROWS.forEach((r) => repo.insert(r)));
    it.each(CASES)('%s', (_name, query, ids, count) => {
      expect(repo.list(query).map((e) => e.id)).toEqual(ids);
      expect(repo.count(query)).toBe(count ?? ids.length);
    });

    it('counts ignore limit and sort', () => {
      expect(repo.count({ labels: ['person'], limit: 1, sort: 'asc' })).toBe(4);
    });

    it('returns thumbnails only on request', () => {
      repo.update('e1', { thumbnail: Buffer.from([0xff, 0xd8, 0xff]) });
      expect(repo.list({ labels: ['person'], before: 1001 })[0]).not.toHaveProperty('thumbnail');
      expect(repo.list({ before: 1001, include_thumbnails: true })[0]?.thumbnail).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    });

    it.each<[string, EventQuery]>([
      ['limit 0', { limit: 0 }],
      ['limit over 1000', { limit: 1001 }],
      ['fractional limit', { limit: 1.5 }],
      ['bad sort', { sort: 'up' as 'asc' }],
      ['NaN after', { after: Number.NaN }],
      ['before_id without before', { before_id: 'e1' }],
    ])('rejects %s with bad_request', (_n, q) => {
      expect(() => repo.list(q)).toThrow(expect.objectContaining({ code: 'bad_request', name: 'AppError' }));
    });
  });

  it('inserts with defaults and reads back every field', () => {
    const stored = repo.insert(ev('1717200000.123456-abc123', 'front', 'person', 1717200000.123456, { region: [0, 0, 320, 320], data: { type: 'object' } }));
    expect(stored).toEqual({
      id: '1717200000.123456-abc123',
      camera: 'front',
      label: 'person',
      sub_label: null,
      score: 0.5,
      top_score: 0.5,
      start_time: 1717200000.123456,
      end_time: null,
      zones: [],
      box: [10, 20, 110, 220],
      region: [0, 0, 320, 320],
      detect_width: 640,
      detect_height: 480,
      has_clip: false,
      has_snapshot: false,
      retain: false,
      manual: false,
      snapshot_path: null,
      clip_path: null,
      last_seen: 1717200000.123456,
      data: { type: 'object' },
      created_at: f.clock.now() / 1000,
      updated_at: f.clock.now() / 1000,
    });
    expect(repo.getThumbnail(stored.id)).toBeNull();
  });

  it('refuses a duplicate id with conflict', () => {
    repo.insert(ev('e1', 'front', 'person', 1000));
    expect(() => repo.insert(ev('e1', 'front', 'person', 1000))).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('updates only the given fields and moves updated_at', () => {
    repo.insert(ev('e1', 'front', 'person', 1000));
    f.clock.advance(5000);
    expect(repo.update('e1', { top_score: 0.91, zones: ['porch'], box: [1, 2, 3, 4], sub_label: 'alice', has_snapshot: true, snapshot_path: 'events/front/e1/snapshot.jpg', last_seen: 1004 })).toBe(true);
    const e = repo.get('e1');
    expect(e).toMatchObject({ top_score: 0.91, score: 0.5, zones: ['porch'], box: [1, 2, 3, 4], sub_label: 'alice', has_snapshot: true, last_seen: 1004, label: 'person' });
    expect(e?.updated_at).toBe(e!.created_at + 5);
    expect(repo.update('missing', { score: 1 })).toBe(false);
    expect(() => repo.update('e1', { end_time: 5 } as never)).toThrow(expect.objectContaining({ code: 'bad_request' }));
  });

  it('ends, retains, lists open events and deletes', () => {
    repo.insert(ev('a', 'front', 'person', 1000));
    repo.insert(ev('b', 'back', 'car', 1001));
    repo.insert(ev('c', 'back', 'car', 999, { end_time: 1000 }));
    expect(repo.listOpen().map((e) => e.id)).toEqual(['a', 'b']);
    expect(repo.listOpen('back').map((e) => e.id)).toEqual(['b']);
    expect(repo.end('a', 1010.5)).toBe(true);
    expect(repo.get('a')?.end_time).toBe(1010.5);
    expect(() => repo.end('b', 900)).toThrow(expect.objectContaining({ code: 'bad_request' }));
    expect(repo.end('missing', 1)).toBe(false);
    expect(repo.listOpen().map((e) => e.id)).toEqual(['b']);
    expect(repo.setRetain('c', true)).toBe(true);
    expect(repo.get('c')?.retain).toBe(true);
    expect(repo.delete('c')).toBe(true);
    expect(repo.get('c')).toBeNull();
    expect(repo.delete('c')).toBe(false);
  });
});

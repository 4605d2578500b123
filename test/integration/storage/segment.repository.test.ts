import type { NewEvent } from '../../../server/src/events/ports';
import { EventRepository } from '../../../server/src/storage/event.repository';
import { GapRepository } from '../../../server/src/storage/gap.repository';
import { EventIndex, type EventInfo } from '../../../server/src/storage/retention';
import { SegmentRepository, type CaptureWindows } from '../../../server/src/storage/segment.repository';
import { openFixture, type StorageFixture } from './storage-fixture';

const seg = (camera: string, start: number, end: number, bytes = 1000, kind: 'continuous' | 'event' = 'continuous') => ({
  camera,
  path: `recordings/${camera}/${start}-${end}.mp4`,
  start_time: start,
  end_time: end,
  bytes,
  kind,
});

function event(id: string, camera: string, start: number, end: number | null, retain = false): NewEvent {
  return { id, camera, label: 'person', score: 1, top_score: 1, start_time: start, end_time: end, retain, zones: [], box: [0, 0, 1, 1], detect_width: 1, detect_height: 1, last_seen: start };
}

describe('SegmentRepository', () => {
  let f: StorageFixture;
  let segments: SegmentRepository;
  let events: EventRepository;
  beforeEach(() => {
    f = openFixture();
    segments = new SegmentRepository(f.db, f.clock);
    events = new EventRepository(f.db, f.clock);
  });
  afterEach(() => f.close());

  it('inserts, computes the duration and refuses duplicates and bad segments', () => {
    const id = segments.insertSegment(seg('front', 100, 110.5, 2048));
    expect(segments.getByPath('recordings/front/100-110.5.mp4')).toEqual({
      id,
      camera: 'front',
      path: 'recordings/front/100-110.5.mp4',
      start_time: 100,
      end_time: 110.5,
      duration: 10.5,
      bytes: 2048,
      kind: 'continuous',
      created_at: f.clock.now() / 1000,
    });
    expect(() => segments.insertSegment(seg('front', 100, 110.5))).toThrow(expect.objectContaining({ code: 'conflict' }));
    for (const bad of [seg('front', 10, 5), seg('front', 0, 3601), { ...seg('front', 0, 1), bytes: -1 }, { ...seg('front', 0, 1), path: '/etc/passwd' }, { ...seg('front', 0, 1), path: 'recordings/../../x.mp4' }]) {
      expect(() => segments.insertSegment(bad)).toThrow(expect.objectContaining({ code: 'bad_request' }));
    }
    expect(segments.count()).toBe(1);
  });

  it.each<[string, number, number, number[]]>([
    ['spanning two segments', 5, 15, [0, 10]],
    ['exactly one segment (half-open)', 10, 20, [10]],
    ['after the last', 30, 40, []],
    ['everything', -100, 1000, [0, 10, 20]],
    ['inside a long segment that started an hour before', 3650, 3660, [3600]],
  ])('lists segments overlapping a range: %s', (_n, from, to, starts) => {
    for (const s of [seg('front', 0, 10), seg('front', 10, 20), seg('front', 20, 30), seg('back', 0, 10), seg('front', 3600, 7200)]) segments.insertSegment(s);
    expect(segments.listSegments('front', from, to).map((s) => s.start_time)).toEqual(starts);
  });

  it('totals bytes overall and per camera, and deletes by id', () => {
    const a = segments.insertSegment(seg('front', 0, 10, 100));
    segments.insertSegment(seg('front', 10, 20, 250));
    segments.insertSegment(seg('back', 0, 10, 40));
    expect(segments.totalBytes()).toBe(390);
    expect(segments.bytesByCamera()).toEqual({ front: 350, back: 40 });
    expect(segments.deleteSegments([a, 999])).toBe(1);
    expect(segments.totalBytes()).toBe(290);
  });

  const capture: CaptureWindows = { byCamera: { front: { pre: 5, post: 5 }, back: { pre: 20, post: 0 } }, fallback: { pre: 1, post: 1 } };

  it('walks the oldest segments with event and retained-event overlap flags (pre/post per camera)', () => {
    events.insert(event('closed', 'front', 100, 110)); // window [95, 115)
    events.insert(event('kept', 'front', 300, 310, true)); // window [295, 315)
    events.insert(event('open', 'back', 500, null)); // window [480, ∞)
    const rows = [
      seg('front', 80, 90), // nothing near
      seg('front', 90, 100), // pre-capture of "closed"
      seg('front', 110, 120), // post-capture of "closed"
      seg('front', 115, 125), // just after the window
      seg('front', 290, 296), // pre-capture of the retained event
      seg('back', 470, 480), // ends where the open event's pre-capture starts
      seg('back', 475, 485), // inside it
      seg('back', 600, 610), // the open event is still going
      seg('front', 700, 710, 5, 'event'), // marked, but no event: the flag is only about events
    ];
    rows.forEach((r) => segments.insertSegment(r));
    const got = segments.oldestSegments({ capture, limit: 100 }).map((s) => [s.camera, s.start_time, s.event_overlap, s.retained_overlap]);
    expect(got).toEqual([
      ['front', 80, false, false],
      ['front', 90, true, false],
      ['front', 110, true, false],
      ['front', 115, false, false],
      ['front', 290, true, true],
      ['back', 470, false, false],
      ['back', 475, true, false],
      ['back', 600, true, false],
      ['front', 700, false, false],
    ]);
    const page1 = segments.oldestSegments({ capture, limit: 4 });
    const last = page1[3]!;
    const page2 = segments.oldestSegments({ capture, limit: 100, after: { start_time: last.start_time, id: last.id } });
    expect([...page1, ...page2].map((s) => s.start_time)).toEqual([80, 90, 110, 115, 290, 470, 475, 600, 700]);
  });

  it('flags exactly what the planner classifies in JavaScript (200 segments, 40 events)', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const infos: EventInfo[] = [];
    for (let i = 0; i < 40; i++) {
      const camera = rnd() < 0.5 ? 'front' : 'back';
      const start = Math.floor(rnd() * 2000);
      const end = rnd() < 0.1 ? null : start + Math.floor(rnd() * 60);
      const retain = rnd() < 0.2;
      events.insert(event(`e${i}`, camera, start, end, retain));
      infos.push({ id: `e${i}`, camera, start, end, retain, hasClip: false, ownClip: false, files: [] });
    }
    for (let i = 0; i < 200; i++) segments.insertSegment(seg(i % 2 ? 'front' : 'back', i * 10, i * 10 + 10));
    const index = new EventIndex(infos);
    const tally = { event: 0, retained: 0, none: 0 };
    for (const s of segments.oldestSegments({ capture, limit: 1000 })) {
      const w = capture.byCamera[s.camera]!;
      const near = index.near(s.camera, s.start_time, s.end_time, w.pre, w.post);
      expect([s.id, s.event_overlap, s.retained_overlap]).toEqual([s.id, near.length > 0, near.some((e) => e.retain)]);
      tally[s.retained_overlap ? 'retained' : s.event_overlap ? 'event' : 'none']++;
    }
    // The fixture must exercise all three outcomes for the comparison to mean anything.
    expect(Math.min(tally.event, tally.retained, tally.none)).toBeGreaterThan(10);
  });
});

describe('GapRepository', () => {
  let f: StorageFixture;
  let gaps: GapRepository;
  beforeEach(() => {
    f = openFixture();
    gaps = new GapRepository(f.db);
  });
  afterEach(() => f.close());

  it('opens, closes, lists open gaps and gaps overlapping a range', () => {
    const a = gaps.openGap('front', 100, 'camera_offline', 'no frames for 20 s');
    const b = gaps.openGap('front', 300, 'recorder_restart');
    const c = gaps.openGap('back', 50, 'startup');
    expect(gaps.closeGap(a, 160)).toBe(true);
    expect(gaps.closeGap(a, 170)).toBe(false);
    expect(gaps.openGaps().map((g) => g.id)).toEqual([c, b]);
    expect(gaps.openGaps('front')).toEqual([{ id: b, camera: 'front', start_time: 300, end_time: null, reason: 'recorder_restart', detail: null }]);
    expect(gaps.listGaps('front', 150, 200).map((g) => g.id)).toEqual([a]);
    expect(gaps.listGaps('front', 160, 300)).toEqual([]);
    expect(gaps.listGaps('front', 1000, 2000).map((g) => g.id)).toEqual([b]);
    expect(gaps.closeAllOpen(400)).toBe(2);
    expect(gaps.openGaps()).toEqual([]);
    expect(gaps.listGaps('back', 0, 1000)).toEqual([{ id: c, camera: 'back', start_time: 50, end_time: 400, reason: 'startup', detail: null }]);
  });

  it('refuses an unknown reason', () => {
    expect(() => gaps.openGap('front', 1, 'bored' as 'startup')).toThrow(expect.objectContaining({ code: 'bad_request' }));
  });
});

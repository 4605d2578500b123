// Retention on real files in a temp data folder: afterwards every row points at an existing file
// and every media file belongs to a row.
import fs from 'node:fs';
import path from 'node:path';
import { recordSchema, storageSchema } from '../../../server/src/config/schema';
import type { NewEvent } from '../../../server/src/events/ports';
import { EventRepository } from '../../../server/src/storage/event.repository';
import { eventMediaPath, segmentPath } from '../../../server/src/lib/media-paths';
import { diskSpace, RetentionRunner, type DiskSpace } from '../../../server/src/storage/retention-runner';
import type { RetentionSettings } from '../../../server/src/storage/retention-policy';
import { SegmentRepository } from '../../../server/src/storage/segment.repository';
import { exists, openFixture, writeMedia, type StorageFixture } from './storage-fixture';

const DAY = 86400;

function filesUnder(dir: string, sub: string): string[] {
  const root = path.join(dir, sub);
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .sort();
}

function expectConsistent(f: StorageFixture): void {
  const segPaths = (f.db.prepare('SELECT path FROM recording_segments ORDER BY path').pluck().all() as string[]).sort();
  expect(filesUnder(f.dir, 'recordings')).toEqual(segPaths);
  const eventFiles = (f.db.prepare('SELECT snapshot_path FROM events WHERE snapshot_path IS NOT NULL UNION SELECT clip_path FROM events WHERE clip_path IS NOT NULL').pluck().all() as string[]).sort();
  expect(filesUnder(f.dir, 'events')).toEqual(eventFiles);
}

describe('RetentionRunner', () => {
  let f: StorageFixture;
  let segments: SegmentRepository;
  let events: EventRepository;
  const now = () => f.clock.now() / 1000;
  beforeEach(() => {
    f = openFixture();
    segments = new SegmentRepository(f.db, f.clock);
    events = new EventRepository(f.db, f.clock);
  });
  afterEach(() => f.close());

  /** A real 10 s segment file `ago` seconds old, indexed. */
  function addSegment(camera: string, ago: number, bytes = 1000): string {
    const startMs = (now() - ago) * 1000;
    const rel = segmentPath(camera, startMs, 10_000);
    writeMedia(f.dir, rel, bytes);
    segments.insertSegment({ camera, path: rel, start_time: startMs / 1000, end_time: startMs / 1000 + 10, bytes });
    return rel;
  }

  /** A 20 s event `ago` seconds old with a real snapshot file. */
  function addEvent(id: string, camera: string, ago: number, more: Partial<NewEvent> = {}): string {
    const snap = eventMediaPath(camera, id, 'snapshot.jpg');
    writeMedia(f.dir, snap, 50);
    events.insert({ id, camera, label: 'person', score: 0.9, top_score: 0.9, start_time: now() - ago, end_time: now() - ago + 20, zones: [], box: [0, 0, 1, 1], detect_width: 1, detect_height: 1, last_seen: now() - ago + 20, has_clip: true, has_snapshot: true, snapshot_path: snap, ...more });
    return snap;
  }

  function runner(storage: Partial<RetentionSettings['storage']>, record: object, disk: DiskSpace | null = { free: 1e15, total: 1e15 }, more = {}): RetentionRunner {
    const settings: RetentionSettings = {
      storage: { ...storageSchema.parse({ max_percent: 0, min_free_gb: 0 }), ...storage },
      record: recordSchema.parse(record),
      cameras: { front: recordSchema.parse(record), back: recordSchema.parse(record) },
    };
    return new RetentionRunner({ db: f.db, dataDir: f.dir, settings: () => settings, clock: f.clock, disk: disk ? () => disk : undefined, ...more });
  }

  it('deletes footage and events past their age, rows before files, keeping retained and young ones', () => {
    const oldContinuous = addSegment('front', 2 * DAY + 3600);
    const youngEventSeg = addSegment('front', 2 * DAY + 5);
    addEvent('1717000000.000000-young1', 'front', 2 * DAY);
    const oldEventSeg = addSegment('back', 5 * DAY + 5);
    const oldSnap = addEvent('1716700000.000000-old001', 'back', 5 * DAY);
    const keptSeg = addSegment('back', 30 * DAY + 5);
    addEvent('1714000000.000000-kept01', 'back', 30 * DAY, { retain: true });
    const recent = addSegment('front', 3600);
    expectConsistent(f);

    const result = runner({}, { continuous: { days: 1 }, events: { days: 3 } }).runOnce();

    expect(result).toMatchObject({ segmentsDeleted: 2, eventsDeleted: ['1716700000.000000-old001'], clipLost: [], freedBytes: 2000, fileErrors: 0 });
    expect(result.reasons).toEqual({ age: 2, quota: 0, budget: 0, free_space: 0 });
    for (const gone of [oldContinuous, oldEventSeg, oldSnap]) expect(exists(f.dir, gone)).toBe(false);
    for (const kept of [youngEventSeg, keptSeg, recent]) expect(exists(f.dir, kept)).toBe(true);
    expect(events.get('1716700000.000000-old001')).toBeNull();
    // The deleted event's folder and emptied day folders go too; camera folders stay.
    expect(exists(f.dir, 'events/back/1716700000.000000-old001')).toBe(false);
    expect(exists(f.dir, path.posix.dirname(oldEventSeg))).toBe(false);
    expect(exists(f.dir, 'recordings/back')).toBe(true);
    expectConsistent(f);
    // A second pass finds nothing more to do.
    expect(runner({}, { continuous: { days: 1 }, events: { days: 3 } }).runOnce()).toMatchObject({ segmentsDeleted: 0, eventsDeleted: [] });
  });

  it('keeps the budget (percent of disk): continuous footage first, then event footage, clearing has_clip', () => {
    const c1 = addSegment('front', 7 * 3600);
    const e1 = addSegment('front', 6 * 3600);
    addEvent('1717180000.000000-ev0001', 'front', 6 * 3600 - 2);
    const c2 = addSegment('back', 5 * 3600);
    const c3 = addSegment('back', 4 * 3600);
    const e2 = addSegment('back', 3 * 3600);
    addEvent('1717190000.000000-ev0002', 'back', 3 * 3600 - 2);
    // 5 × 1000 bytes on a "disk" of 6250 at 50 % (3125): 1875 over → the two oldest continuous segments.
    const keepDays = { continuous: { days: 7 } };
    const result = runner({ max_percent: 50 }, keepDays, { free: 1e9, total: 6250 }).runOnce();
    expect(result.reasons).toEqual({ age: 0, quota: 0, budget: 2, free_space: 0 });
    expect([c1, c2].map((p) => exists(f.dir, p))).toEqual([false, false]);
    expect([c3, e1, e2].map((p) => exists(f.dir, p))).toEqual([true, true, true]);
    expect(result.shortfall.budget).toBe(0);

    const tighter = runner({ max_percent: 20 }, keepDays, { free: 1e9, total: 6250 }).runOnce();
    expect(tighter.reasons.budget).toBe(2);
    expect([c3, e1, e2].map((p) => exists(f.dir, p))).toEqual([false, false, true]);
    expect(tighter.clipLost).toEqual(['1717180000.000000-ev0001']);
    expect(events.get('1717180000.000000-ev0001')?.has_clip).toBe(false);
    expect(events.get('1717190000.000000-ev0002')?.has_clip).toBe(true);
    expectConsistent(f);
  });

  it('frees space below the floor and respects a per-camera quota', () => {
    const f1 = addSegment('front', 9 * 3600);
    const b1 = addSegment('back', 8 * 3600);
    const b2 = addSegment('back', 7 * 3600);
    const b3 = addSegment('back', 6 * 3600);
    const quota = runner({}, { quota_gb: 2e-6, continuous: { days: 7 } }).runOnce();
    expect(quota.reasons.quota).toBe(1);
    expect([f1, b1, b2, b3].map((p) => exists(f.dir, p))).toEqual([true, false, true, true]);

    const floor = runner({ min_free_gb: 1e-6 }, { continuous: { days: 7 } }, { free: 100, total: 1e12 }).runOnce();
    expect(floor.reasons.free_space).toBe(1);
    expect(exists(f.dir, f1)).toBe(false);
    expectConsistent(f);
  });

  it('works through a backlog bigger than one pass, in several passes', () => {
    const paths = Array.from({ length: 10 }, (_, i) => addSegment(i % 2 ? 'front' : 'back', 3 * DAY + i * 60));
    const result = runner({}, { continuous: { days: 1 } }, undefined, { batchSize: 3, maxCandidates: 4 }).runOnce();
    expect(result.segmentsDeleted).toBe(10);
    expect(result.passes).toBe(3);
    expect(paths.some((p) => exists(f.dir, p))).toBe(false);
    expectConsistent(f);
  });

  it('never leaves a row pointing at a file it failed to delete', () => {
    const stuck = addSegment('front', 3 * DAY);
    // A folder where the file should be cannot be unlinked without recursion.
    fs.rmSync(path.join(f.dir, stuck));
    writeMedia(f.dir, `${stuck}/inner`, 1);
    const result = runner({}, { continuous: { days: 1 } }).runOnce();
    expect(result.fileErrors).toBe(1);
    expect(segments.getByPath(stuck)).toBeNull();
  });

  it('runs on its interval after start() until close(), and a failing pass does not stop it', () => {
    jest.useFakeTimers();
    try {
      const errors: unknown[] = [];
      const log = { error: (o: unknown) => errors.push(o), info: () => undefined, warn: () => undefined } as never;
      let failNext = true;
      const settings = () => {
        if (failNext) {
          failNext = false;
          throw new Error('config reload in progress');
        }
        return { storage: storageSchema.parse({ max_percent: 0, min_free_gb: 0 }), record: recordSchema.parse({ continuous: { days: 1 } }), cameras: {} };
      };
      const r = new RetentionRunner({ db: f.db, dataDir: f.dir, settings, clock: f.clock, log, disk: () => ({ free: 1e15, total: 1e15 }) });
      const old = addSegment('front', 3 * DAY);
      r.start(1000);
      jest.advanceTimersByTime(1000);
      expect(errors).toHaveLength(1);
      expect(exists(f.dir, old)).toBe(true);
      jest.advanceTimersByTime(1000);
      expect(exists(f.dir, old)).toBe(false);
      r.close();
      const later = addSegment('front', 3 * DAY + 100);
      jest.advanceTimersByTime(5000);
      expect(exists(f.dir, later)).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('reads free and total space of the data folder with statfs', () => {
    const d = diskSpace(f.dir);
    expect(d.total).toBeGreaterThan(0);
    expect(d.free).toBeGreaterThan(0);
    expect(d.free).toBeLessThanOrEqual(d.total);
    // With the real disk and no limits, nothing young is deleted.
    addSegment('front', 600);
    expect(runner({ max_percent: 100 }, { continuous: { days: 1 } }, null).runOnce().segmentsDeleted).toBe(0);
  });
});

// Startup reconciliation on a real data folder after a simulated crash: missing files, unknown
// files, temporary files and open events.
import fs from 'node:fs';
import path from 'node:path';
import type { NewEvent } from '../../../server/src/events/ports';
import { EventRepository } from '../../../server/src/storage/event.repository';
import { eventMediaPath, segmentPath } from '../../../server/src/lib/media-paths';
import { reconcile } from '../../../server/src/storage/reconcile';
import { SegmentRepository } from '../../../server/src/storage/segment.repository';
import { exists, openFixture, writeMedia, type StorageFixture } from './storage-fixture';

describe('reconcile', () => {
  let f: StorageFixture;
  let segments: SegmentRepository;
  let events: EventRepository;
  const T = Date.UTC(2024, 4, 31, 12, 0, 0) / 1000; // an hour-aligned base time the day before "now"
  beforeEach(() => {
    f = openFixture();
    segments = new SegmentRepository(f.db, f.clock);
    events = new EventRepository(f.db, f.clock);
  });
  afterEach(() => f.close());

  function segmentFile(camera: string, start: number, opts: { bytes?: number; indexed?: boolean; onDisk?: boolean } = {}): string {
    const rel = segmentPath(camera, start * 1000, 10_000);
    if (opts.onDisk ?? true) writeMedia(f.dir, rel, opts.bytes ?? 1000);
    if (opts.indexed ?? true) segments.insertSegment({ camera, path: rel, start_time: start, end_time: start + 10, bytes: opts.bytes ?? 1000 });
    return rel;
  }

  function event(id: string, start: number, more: Partial<NewEvent> = {}): void {
    events.insert({ id, camera: 'front', label: 'person', score: 0.8, top_score: 0.8, start_time: start, end_time: start + 5, zones: [], box: [0, 0, 1, 1], detect_width: 1, detect_height: 1, last_seen: start + 5, has_clip: true, ...more });
  }

  it('fixes rows whose files are gone, indexes or removes unknown files and closes open events', () => {
    const present = segmentFile('front', T);
    const missing = segmentFile('front', T + 10, { onDisk: false });
    const orphan = segmentFile('back', T + 20, { indexed: false, bytes: 4321 }); // e.g. retention crashed before unlinking
    const empty = segmentFile('back', T + 30, { indexed: false, bytes: 0 });
    const tmp = writeMedia(f.dir, `${segmentPath('back', (T + 40) * 1000, 10_000)}.tmp`);
    const stray = writeMedia(f.dir, 'recordings/front/2024-05-31/out003.mp4');

    event('1717156811.000000-inmiss', T + 11); // core inside the missing segment
    event('1717156820.000000-margin', T + 22); // only its pre-capture (5 s) was in the missing segment
    const snapGone = eventMediaPath('front', '1717156801.000000-snapgo', 'snapshot.jpg');
    event('1717156801.000000-snapgo', T + 1, { has_snapshot: true, snapshot_path: snapGone });
    const clipGone = eventMediaPath('front', '1717150000.000000-clipgo', 'clip.mp4');
    event('1717150000.000000-clipgo', T - 6800, { clip_path: clipGone }); // no segments there
    const clipCovered = eventMediaPath('front', '1717156802.000000-clipcv', 'clip.mp4');
    event('1717156802.000000-clipcv', T + 2, { clip_path: clipCovered }); // the present segment still covers it
    const openSnap = eventMediaPath('front', '1717156803.000000-opened', 'snapshot.jpg');
    writeMedia(f.dir, openSnap);
    event('1717156803.000000-opened', T + 3, { end_time: null, last_seen: T + 15, has_snapshot: true, snapshot_path: openSnap });
    const leftover = writeMedia(f.dir, `${path.posix.dirname(openSnap)}/clip.mp4.tmp`);
    const noEvent = writeMedia(f.dir, eventMediaPath('front', '1717000000.000000-nobody', 'snapshot.jpg'));

    const report = reconcile({ db: f.db, dataDir: f.dir, clock: f.clock });

    expect(report).toEqual({ segmentRowsRemoved: 1, segmentsIndexed: 1, filesRemoved: 5, snapshotsLost: 1, clipsLost: 3, eventsClosed: 1 });
    expect(segments.getByPath(missing)).toBeNull();
    expect(segments.getByPath(present)).not.toBeNull();
    expect(segments.getByPath(orphan)).toMatchObject({ camera: 'back', start_time: T + 20, end_time: T + 30, duration: 10, bytes: 4321, kind: 'continuous' });
    for (const gone of [empty, tmp, stray, leftover, noEvent]) expect(fs.existsSync(path.isAbsolute(gone) ? gone : path.join(f.dir, gone))).toBe(false);
    expect(exists(f.dir, 'events/front/1717000000.000000-nobody')).toBe(false);
    expect(exists(f.dir, openSnap)).toBe(true);

    expect(events.get('1717156811.000000-inmiss')?.has_clip).toBe(false);
    expect(events.get('1717156820.000000-margin')?.has_clip).toBe(true);
    expect(events.get('1717156801.000000-snapgo')).toMatchObject({ has_snapshot: false, snapshot_path: null });
    expect(events.get('1717150000.000000-clipgo')).toMatchObject({ has_clip: false, clip_path: null });
    expect(events.get('1717156802.000000-clipcv')).toMatchObject({ has_clip: true, clip_path: null });
    // Closed at its last evidence (T+15), its own footage [T+3, T+15) reached into the missing segment.
    expect(events.get('1717156803.000000-opened')).toMatchObject({ end_time: T + 15, has_snapshot: true, has_clip: false });
    expect(events.listOpen()).toEqual([]);

    // Nothing is left to fix on a second run.
    expect(reconcile({ db: f.db, dataDir: f.dir, clock: f.clock })).toEqual({ segmentRowsRemoved: 0, segmentsIndexed: 0, filesRemoved: 0, snapshotsLost: 0, clipsLost: 0, eventsClosed: 0 });
  });

  it('prunes emptied day folders but keeps camera folders, and copes with no media folders at all', () => {
    expect(reconcile({ db: f.db, dataDir: f.dir, clock: f.clock })).toMatchObject({ filesRemoved: 0 });
    writeMedia(f.dir, 'recordings/front/2024-05-30/junk.txt');
    reconcile({ db: f.db, dataDir: f.dir, clock: f.clock });
    expect(exists(f.dir, 'recordings/front/2024-05-30')).toBe(false);
    expect(exists(f.dir, 'recordings/front')).toBe(true);
  });

  it('closes an open event whose last evidence is missing at its start', () => {
    event('1717156900.000000-nolast', T + 100, { end_time: null, last_seen: T + 50 });
    reconcile({ db: f.db, dataDir: f.dir, clock: f.clock });
    expect(events.get('1717156900.000000-nolast')?.end_time).toBe(T + 100);
  });
});

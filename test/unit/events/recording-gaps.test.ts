import type { GapReason } from '../../../server/src/contracts/domain';
import type { GapStore, StoredGap } from '../../../server/src/events/ports';
import { RecordingGaps } from '../../../server/src/events/recording-gaps';

/** In-memory GapStore with the repository's semantics (close clamps to start, only open rows). */
class MemoryGaps implements GapStore {
  rows: StoredGap[] = [];
  openGap(camera: string, start: number, reason: GapReason, detail: string | null = null): number {
    const id = this.rows.length + 1;
    this.rows.push({ id, camera, start_time: start, end_time: null, reason, detail });
    return id;
  }
  closeGap(id: number, end: number): boolean {
    const g = this.rows.find((r) => r.id === id && r.end_time === null);
    if (!g) return false;
    g.end_time = Math.max(end, g.start_time);
    return true;
  }
  openGaps(camera?: string): StoredGap[] {
    return this.rows.filter((r) => r.end_time === null && (camera === undefined || r.camera === camera));
  }
  listGaps(camera: string): StoredGap[] {
    return this.rows.filter((r) => r.camera === camera);
  }
}

const view = (s: MemoryGaps) => s.rows.map((r) => [r.reason, r.start_time, r.end_time]);

describe('RecordingGaps', () => {
  it('startup: a gap from the last footage to the first new segment', () => {
    const s = new MemoryGaps();
    const g = new RecordingGaps(s, 'cam');
    g.startup('startup', 1000, 1100);
    const run = g.beginRun();
    g.footage(1102, 1112, run);
    expect(view(s)).toEqual([['startup', 1000, 1102]]);
  });

  it('startup without any earlier footage starts the gap now', () => {
    const s = new MemoryGaps();
    new RecordingGaps(s, 'cam').startup('startup', null, 500);
    expect(view(s)).toEqual([['startup', 500, null]]);
  });

  it('a gap left open by a clean shutdown explains the downtime; a crash adds its own', () => {
    const s = new MemoryGaps();
    s.openGap('cam', 900, 'shutdown');
    const g = new RecordingGaps(s, 'cam');
    g.startup('startup', 900, 1000);
    expect(view(s)).toEqual([['shutdown', 900, null]]);
    const s2 = new MemoryGaps();
    s2.openGap('cam', 800, 'camera_offline');
    const g2 = new RecordingGaps(s2, 'cam');
    g2.startup('crash', 850, 1000);
    g2.footage(1003, 1013, g2.beginRun());
    expect(view(s2)).toEqual([['camera_offline', 800, 1003], ['crash', 850, 1003]]);
  });

  it('an interruption opens at the end of the flushed footage, not when it was noticed', () => {
    const s = new MemoryGaps();
    const g = new RecordingGaps(s, 'cam');
    g.startup('startup', null, 0);
    const r1 = g.beginRun();
    g.footage(1, 11, r1);
    g.interrupt('camera_offline', 'gone', 15);
    expect(s.openGaps()).toEqual([]);
    // The interrupted run's last segment arrives after the interruption and does not end it.
    g.footage(11, 14.5, r1);
    g.settle();
    expect(view(s)).toEqual([['startup', 0, 1], ['camera_offline', 14.5, null]]);
    const r2 = g.beginRun();
    g.footage(40, 50, r2);
    expect(view(s)).toEqual([['startup', 0, 1], ['camera_offline', 14.5, 40]]);
    expect(s.rows[1]?.detail).toBe('gone');
  });

  it('the first reason wins; a newer run\'s segment writes and ends a pending gap at once', () => {
    const s = new MemoryGaps();
    const g = new RecordingGaps(s, 'cam');
    g.startup('startup', null, 0);
    const r1 = g.beginRun();
    g.footage(1, 5, r1);
    g.interrupt('disk_full', null, 6);
    g.interrupt('recorder_restart', null, 7);
    expect(g.openReason).toBe('disk_full');
    const r2 = g.beginRun();
    g.footage(20, 25, r2);
    expect(view(s)).toEqual([['startup', 0, 1], ['disk_full', 5, 20]]);
    expect(g.openReason).toBeNull();
  });

  it('shutdown: open gaps end now and a shutdown gap follows; otherwise it starts at the last footage', () => {
    const s = new MemoryGaps();
    const g = new RecordingGaps(s, 'cam');
    g.startup('startup', null, 0);
    g.footage(1, 9, g.beginRun());
    g.shutdown(12);
    expect(view(s)).toEqual([['startup', 0, 1], ['shutdown', 9, null]]);

    const s2 = new MemoryGaps();
    const g2 = new RecordingGaps(s2, 'cam');
    g2.startup('startup', null, 0);
    const r = g2.beginRun();
    g2.footage(1, 9, r);
    g2.interrupt('camera_offline', null, 10);
    g2.shutdown(30);
    expect(view(s2)).toEqual([['startup', 0, 1], ['camera_offline', 9, 30], ['shutdown', 30, null]]);
  });
});

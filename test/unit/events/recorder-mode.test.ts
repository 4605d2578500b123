import type { NewSegment, SegmentStore, StoredSegment } from '../../../server/src/events/ports';
import { recordingMode } from '../../../server/src/events/recorder-types';
import { lastSegmentEnd } from '../../../server/src/events/recording-gaps';
import { isRecorderCommand } from '../../../server/src/events/recorder-orphans';

describe('recordingMode', () => {
  it.each([
    ['rtsp://cam/stream', undefined, 'copy'],
    ['RTSPS://cam/stream', undefined, 'copy'],
    ['file:///videos/a.mp4', undefined, 'pipe'],
    ['http://cam/mjpeg', undefined, 'pipe'],
    ['/dev/video0', undefined, 'pipe'],
    ['http://cam/mjpeg', 'rtsp://cam/main', 'copy'],
  ])('%p (record_source %p) → %p', (source, rec, mode) => {
    expect(recordingMode(source, rec)).toBe(mode);
  });

  it('refuses a record_source it cannot stream-copy', () => {
    expect(() => recordingMode('rtsp://cam/sub', 'http://cam/mjpeg')).toThrow(expect.objectContaining({ code: 'unsupported' }));
  });
});

describe('isRecorderCommand', () => {
  const dir = '/data/run/recorder/porch/1700-ab';
  it.each([
    [['ffmpeg', '-i', 'rtsp://x', '-segment_list', `${dir}/segments.csv`, `${dir}/seg%05d.mp4.tmp`], true],
    [['/usr/bin/ffmpeg', '-f', 'rawvideo', '-i', 'pipe:0', `${dir}/seg%05d.mp4.tmp`], true],
    // Another run folder whose name starts the same way is not this run.
    [['ffmpeg', '-segment_list', `${dir}0/segments.csv`], false],
    [['sleep', `${dir}/segments.csv`], false],
    [['ffmpeg', '-i', 'a.mp4', 'b.mp4'], false],
    [[], false],
  ])('%p → %p', (argv, ok) => {
    expect(isRecorderCommand(argv, dir)).toBe(ok);
  });
});

describe('lastSegmentEnd', () => {
  class Store implements SegmentStore {
    calls: [number, number][] = [];
    constructor(private readonly rows: { start: number; end: number }[]) {}
    insertSegment(_s: NewSegment): number {
      return 0;
    }
    listSegments(camera: string, from: number, to: number): StoredSegment[] {
      this.calls.push([from, to]);
      return this.rows
        .filter((r) => r.start < to && r.end > from)
        .map((r, i) => ({ id: i, camera, path: 'p', start_time: r.start, end_time: r.end, duration: r.end - r.start, bytes: 1, kind: 'continuous', created_at: 0 }));
    }
  }

  it('looks back in growing windows and returns the newest end', () => {
    const now = 10_000_000;
    const recent = new Store([{ start: now - 30, end: now - 20 }, { start: now - 20, end: now - 10 }]);
    expect(lastSegmentEnd(recent, 'cam', now)).toBe(now - 10);
    expect(recent.calls).toHaveLength(1);
    const old = new Store([{ start: now - 5 * 86_400, end: now - 5 * 86_400 + 10 }]);
    expect(lastSegmentEnd(old, 'cam', now)).toBe(now - 5 * 86_400 + 10);
    expect(old.calls).toHaveLength(3);
    expect(lastSegmentEnd(new Store([]), 'cam', now)).toBeNull();
  });
});

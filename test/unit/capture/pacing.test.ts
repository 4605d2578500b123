import { FrameSampler, RateMeter, ReadPacer } from '../../../server/src/capture/pacing';
import { describeSource, ffmpegCaptureOptions, sourceKind } from '../../../server/src/capture/source';

describe('FrameSampler', () => {
  it.each([
    // source fps, detect fps, frames, expected taken count
    [10, 5, 20, 10],
    [10, 10, 20, 20],
    // Frames may be taken up to a quarter step early (wall-clock jitter), so over 2 s of 25 or
    // 30 fps the sampler takes 0 ms, ~160 ms, ~360 ms, … ~1960 ms: 11 frames, still 5 per second.
    [25, 5, 50, 11],
    [30, 5, 60, 11],
    [5, 10, 10, 10],
  ])('%i fps source sampled at %i fps takes %i → %i frames', (src, fps, n, taken) => {
    const s = new FrameSampler(fps);
    let count = 0;
    for (let i = 0; i < n; i++) if (s.take((i * 1000) / src)) count++;
    expect(count).toBe(taken);
  });

  it('tolerates jitter in wall-clock frame times', () => {
    const s = new FrameSampler(5);
    const times = [0, 101, 195, 305, 398, 502, 597, 702, 799, 905];
    expect(times.filter((t) => s.take(t))).toEqual([0, 195, 398, 597, 799]);
  });

  it('resyncs when the stream jumps back (a file loop) or far ahead (a reconnect)', () => {
    const s = new FrameSampler(5);
    expect(s.take(10_000)).toBe(true);
    expect(s.take(0)).toBe(true);
    expect(s.take(100)).toBe(false);
    expect(s.take(60_000)).toBe(true);
  });
});

describe('ReadPacer', () => {
  it('spaces reads one interval apart and resyncs after a long stall', () => {
    const p = new ReadPacer(100, 1000);
    expect(p.delay(0)).toBe(0);
    p.advance();
    expect(p.delay(30)).toBe(70);
    p.advance();
    expect(p.delay(150)).toBe(50);
    p.advance();
    expect(p.delay(5000)).toBe(0);
  });
});

describe('RateMeter', () => {
  it('counts events per second over its window', () => {
    const r = new RateMeter(5000);
    for (let t = 0; t <= 10_000; t += 100) r.mark(t);
    expect(r.rate(10_000)).toBeCloseTo(10.2, 1);
    expect(r.rate(20_000)).toBe(0);
  });
});

describe('sources', () => {
  it.each([
    ['file:///usr/share/doc/opencv-doc/examples/data/vtest.avi', 'file', '/usr/share/doc/opencv-doc/examples/data/vtest.avi'],
    ['file:///tmp/a%20b.mp4', 'file', '/tmp/a b.mp4'],
    ['rtsp://u:p@127.0.0.1:8554/x', 'rtsp', 'rtsp://u:p@127.0.0.1:8554/x'],
    ['http://127.0.0.1/video.mjpg', 'http', 'http://127.0.0.1/video.mjpg'],
    ['/dev/video2', 'v4l2', 2],
  ])('%s is a %s source opened as %s', (url, kind, open) => {
    expect(describeSource(url)).toMatchObject({ kind, open });
  });

  it('never shows credentials', () => {
    expect(describeSource('rtsp://admin:hunter2@127.0.0.1/stream').display).toBe('rtsp://admin:***@127.0.0.1/stream');
  });

  it('rejects unknown schemes', () => {
    expect(() => sourceKind('ftp://x')).toThrow(/unsupported source/);
  });

  it('sets RTSP transport and timeouts for FFmpeg', () => {
    expect(ffmpegCaptureOptions('rtsp', 'tcp')).toContain('rtsp_transport;tcp');
    expect(ffmpegCaptureOptions('file', 'tcp')).toBeNull();
  });
});

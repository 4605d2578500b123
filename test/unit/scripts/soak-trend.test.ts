// The soak verdict: line fits, growth rules with warm-up, stuck cameras, process labels, report.
import { labelOf } from '../../../scripts/soak/process-sampler';
import { buildReport, type Sample } from '../../../scripts/soak/soak-report';
import { FD_RULE, fitLine, judgeCamera, judgeGrowth, MEMORY_RULE, type Point } from '../../../scripts/soak/trend';

const MB = 1024 * 1024;
/** Points every 30 s for `minutes`, value from `f(t seconds)`. */
const run = (minutes: number, f: (t: number) => number): Point[] => Array.from({ length: (minutes * 60) / 30 + 1 }, (_, i) => ({ t: i * 30, v: f(i * 30) }));

describe('fitLine', () => {
  it.each([
    [[{ t: 0, v: 10 }, { t: 3600, v: 20 }], 10, 1],
    [[{ t: 0, v: 5 }, { t: 1800, v: 5 }, { t: 3600, v: 5 }], 0, 0],
    [[{ t: 0, v: 0 }, { t: 60, v: 1 }, { t: 120, v: 0 }, { t: 180, v: 1 }], 12, 0.2],
    [[{ t: 0, v: 7 }], 0, 0],
    [[{ t: 10, v: 1 }, { t: 10, v: 2 }], 0, 0],
  ])('%j → slope %d/h, r² %d', (points, slope, r2) => {
    const f = fitLine(points);
    expect(f.slopePerHour).toBeCloseTo(slope, 6);
    expect(f.r2).toBeCloseTo(r2, 6);
  });
});

describe('judgeGrowth', () => {
  it('flags a steady climb of memory', () => {
    // 300 MB + 60 MB/h: well above 20 MB/h and 5 % of the mean per hour.
    const t = judgeGrowth(run(30, (s) => 300 * MB + (60 * MB * s) / 3600), MEMORY_RULE);
    expect(t.growing).toBe(true);
    expect(t.fit.slopePerHour / MB).toBeCloseTo(60, 6);
  });

  it('ignores the warm-up: fast growth in the first 5 minutes, flat after', () => {
    const t = judgeGrowth(run(30, (s) => (s < 300 ? 200 * MB + s * MB : 500 * MB)), MEMORY_RULE);
    expect(t.growing).toBe(false);
    expect(t.fit.slopePerHour).toBe(0);
  });

  it('ignores noise around a flat level and slow growth below the thresholds', () => {
    expect(judgeGrowth(run(30, (s) => 400 * MB + ((s / 30) % 2 ? 30 * MB : -30 * MB)), MEMORY_RULE).growing).toBe(false);
    expect(judgeGrowth(run(30, (s) => 400 * MB + (10 * MB * s) / 3600), MEMORY_RULE).growing).toBe(false);
  });

  it('flags file descriptors that keep growing, not a stable count', () => {
    expect(judgeGrowth(run(30, (s) => 80 + Math.floor(s / 60)), FD_RULE).growing).toBe(true);
    expect(judgeGrowth(run(30, () => 80), FD_RULE).growing).toBe(false);
    // A run that ends within the warm-up shows no trend, however it moved.
    expect(judgeGrowth(run(2, (s) => 80 + s), FD_RULE)).toMatchObject({ growing: false, judged: false });
  });
});

describe('judgeCamera', () => {
  const s = (pairs: Array<[string, number]>) => pairs.map(([state, fps], i) => ({ t: i * 30, state, fps }));
  it.each([
    [s([['online', 10], ['online', 10], ['online', 9.8]]), { stuck: false, stuckSamples: 0, longestStuck: 0, downSamples: 0 }],
    [s([['online', 10], ['online', 0], ['online', 10]]), { stuck: false, stuckSamples: 1, longestStuck: 1, downSamples: 0 }],
    [s([['online', 10], ['online', 0], ['online', 0], ['online', 10]]), { stuck: true, stuckSamples: 2, longestStuck: 2, downSamples: 0 }],
    [s([['offline', 0], ['offline', 0], ['connecting', 0], ['online', 10]]), { stuck: false, stuckSamples: 0, longestStuck: 0, downSamples: 3 }],
  ])('%#', (samples, verdict) => {
    expect(judgeCamera(samples)).toEqual(verdict);
  });
});

describe('labelOf', () => {
  it.each([
    [['node', '/opt/vigil/bin/vigil.js', 'start'], true, 'vigil'],
    [['/usr/bin/node', '/opt/vigil/dist/server/src/capture/capture.process.js', 'porch'], false, 'capture:porch'],
    [['ffmpeg', '-i', 'rtsp://x', '/data/run/recorder/porch/17000-ab/seg%05d.mp4.tmp'], false, 'ffmpeg:porch'],
    [['/usr/bin/ffmpeg', '-f', 'rawvideo', '-i', 'pipe:0', '/d/run/recorder/demo/1-a/list.csv'], false, 'ffmpeg:demo'],
    [['ffprobe', 'x.mp4'], false, 'ffprobe'],
  ])('%j → %s', (cmd, root, label) => {
    expect(labelOf(cmd, root)).toBe(label);
  });
});

describe('buildReport', () => {
  const sample = (t: number, rss: number, fds: number, fps: number, capturePid = 11): Sample => ({
    t,
    at: new Date(t * 1000).toISOString(),
    processes: [
      { pid: 10, ppid: 1, label: 'vigil', rssBytes: rss, fds, cpuS: t * 0.5 },
      { pid: capturePid, ppid: 10, label: 'capture:demo', rssBytes: 100 * MB, fds: 20, cpuS: t * 0.1 },
    ],
    cameras: { demo: { state: 'online', fps, captured: t * 10, skipped: 0 } },
    detector: null,
    eventsSeen: 0,
  });

  it('passes a flat run and reports CPU per role and restarts', () => {
    const samples = Array.from({ length: 61 }, (_, i) => sample(i * 30, 300 * MB, 60, 10, i < 30 ? 11 : 12));
    const r = buildReport(samples, { startedAt: 'x', minutes: 30, intervalS: 30, cameras: ['demo'] });
    expect(r.ok).toBe(true);
    expect(r.findings).toEqual([]);
    expect(r.cpuPercent.vigil).toBe(50);
    // The capture process was replaced once; its CPU across the restart is not counted twice.
    expect(r.restartsSeen['capture:demo']).toBe(1);
    expect(r.memory['(all)']!.fit.last).toBe(400 * MB);
  });

  it('does not judge short-lived processes that come and go', () => {
    const samples = Array.from({ length: 61 }, (_, i) => {
      const s = sample(i * 30, 300 * MB, 60, 10);
      // A clip-cutting ffmpeg now and then, bigger each time.
      if (i % 7 === 0) s.processes.push({ pid: 1000 + i, ppid: 10, label: 'ffmpeg', rssBytes: (20 + i) * MB, fds: 5 + i, cpuS: 1 });
      return s;
    });
    const r = buildReport(samples, { startedAt: 'x', minutes: 30, intervalS: 30, cameras: ['demo'] });
    expect(r.transient).toEqual(['ffmpeg']);
    expect(r.memory.ffmpeg).toBeUndefined();
    expect(r.findings).toEqual([]);
  });

  it('fails on a memory climb, an fd leak and a stuck camera, naming each', () => {
    const samples = Array.from({ length: 61 }, (_, i) => sample(i * 30, 300 * MB + i * 2 * MB, 60 + i, i > 50 ? 0 : 10));
    const r = buildReport(samples, { startedAt: 'x', minutes: 30, intervalS: 30, cameras: ['demo'] });
    expect(r.ok).toBe(false);
    expect(r.findings).toEqual(expect.arrayContaining([
      expect.stringMatching(/^memory of vigil grows 240\.0 MB\/h/),
      expect.stringMatching(/^open files of vigil grow 120\.0\/h/),
      'camera demo was online without frames for 10 samples in a row',
    ]));
  });
});

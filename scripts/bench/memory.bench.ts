// Memory: resident memory (RSS) of Vigil's whole process tree — main process, capture children,
// their ffmpeg decoders, recorder ffmpeg processes — with 4 cameras (1280×720 H.264 10 fps, people
// walking, detection and recording on) over 5 minutes: the RSS at the end, per role, and its
// growth (least-squares slope) over the run after the first minute (start-up allocations are not
// growth). RSS sums count shared library pages once per process, so the proportional set size
// (PSS, shared pages divided among their users) is reported beside it as the tree's real use.
// Usage: node dist/scripts/bench/memory.bench.js [--seconds 300] [--cameras 4] [--every 5] [--quick]
import { BenchBox, cameraYaml, startRtsp } from './support/bench-box';
import { numberArg, parseBenchArgs, runBench } from './support/bench-args';
import { people720 } from './support/bench-media';
import { LoadWindow, machineInfo } from './support/machine';
import { processTree, pssBytes, rolesOf, TreeMeter, type Role } from './support/proc-tree';
import { round, slope } from './support/stats';
import { sleep, withScope } from './support/scope';

const MB = 2 ** 20;

runBench('memory', async () => {
  const args = parseBenchArgs('memory', { seconds: 300, quickSeconds: 40 }, { cameras: { type: 'string' }, every: { type: 'string' } });
  const n = numberArg(args.values, 'cameras', 4);
  const every = numberArg(args.values, 'every', args.quick ? 2 : 5);
  return withScope(async (scope) => {
    const names = Array.from({ length: n }, (_, i) => `cam${i}`);
    const clip = people720();
    const rtsp = await startRtsp(scope, Object.fromEntries(names.map((c) => [c, clip])));
    const box = await BenchBox.start(scope, { yaml: ['cameras:', ...names.map((c) => cameraYaml(c, rtsp.url(c)))].join('\n') });
    await box.waitOnline(names, 90_000);
    const loadWin = new LoadWindow();
    const meter = new TreeMeter(box.pid);
    meter.start();
    const t0 = Date.now();
    type Sample = Record<Role | 'total' | 'pss', number> & { t: number };
    const samples: Sample[] = [];
    while (Date.now() - t0 < args.seconds * 1000) {
      const tree = processTree(box.pid);
      const roles = rolesOf(tree, box.pid);
      const s: Sample = { t: (Date.now() - t0) / 1000, main: 0, capture: 0, decoder: 0, recorder: 0, other: 0, total: 0, pss: 0 };
      for (const p of tree) {
        s[roles.get(p.pid) ?? 'other'] += p.rssBytes / MB;
        s.total += p.rssBytes / MB;
        s.pss += pssBytes(p.pid) / MB;
      }
      samples.push(s);
      await sleep(every * 1000);
    }
    const usage = meter.stop();
    const stats = await box.stats();
    const warm = Math.min(60, args.seconds / 4);
    const steady = samples.filter((s) => s.t >= warm);
    const perMin = (k: keyof Omit<Sample, 't'>) => round(slope(steady.map((s) => [s.t / 60, s[k]] as const)), 2);
    const last = samples[samples.length - 1];
    const skipped = names.reduce((s, c) => s + (stats.cameras[c]?.skipped ?? 0), 0);
    const processed = names.reduce((s, c) => s + ((stats.cameras[c]?.captured ?? 0) - (stats.cameras[c]?.dropped ?? 0)), 0);
    return {
      bench: 'memory',
      machine: machineInfo(),
      setup: `${n} cameras 1280x720 H.264 10 fps (people walking) over local RTSP, detect on (5 fps), record on`,
      seconds: args.seconds,
      rss_mb_end: last ? { total: round(last.total, 1), main: round(last.main, 1), capture: round(last.capture, 1), decoder: round(last.decoder, 1), recorder: round(last.recorder, 1) } : null,
      pss_mb_end: last ? round(last.pss, 1) : null,
      rss_mb_max: round(Math.max(...samples.map((s) => s.total)), 1),
      growth_mb_per_min_after_warmup: { from_s: warm, total: perMin('total'), pss: perMin('pss'), main: perMin('main'), capture: perMin('capture'), decoder: perMin('decoder'), recorder: perMin('recorder') },
      samples: samples.map((s) => [round(s.t, 0), round(s.total, 1)]),
      context: { cpu_percent: round((usage.cpuS.total / args.seconds) * 100, 1), skipped_share: processed > 0 ? round(skipped / processed, 3) : null, processes: usage.processes },
      load: loadWin.end(),
    };
  });
});

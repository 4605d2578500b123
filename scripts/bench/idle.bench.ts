// Idle camera cost: one 1280×720 H.264 10 fps camera looking at a still scene (local RTSP camera),
// in real time. Vigil's CPU seconds over the window — the whole process tree: main process (with
// detector threads), the camera's capture process, the recorder's ffmpeg — with recording on and
// off, against a bare `ffmpeg` decoding the same stream over the same window, run side by side so
// both see the same machine load. Target: Vigil / ffmpeg ≤ 1.3.
// Usage: node dist/scripts/bench/idle.bench.js [--seconds 60] [--quick] [--settle 10]
import { BenchBox, cameraYaml, startRtsp } from './support/bench-box';
import { numberArg, parseBenchArgs, runBench } from './support/bench-args';
import { static720 } from './support/bench-media';
import { FfmpegDecoder } from './support/ffmpeg-decoder';
import { LoadWindow, machineInfo } from './support/machine';
import { cpuSeconds, TreeMeter, type TreeUsage } from './support/proc-tree';
import { ratio, round } from './support/stats';
import { sleep, withScope, type BenchScope } from './support/scope';

const TARGET = 1.3;

interface Phase {
  record: boolean;
  seconds: number;
  vigil_cpu_s: Record<string, number>;
  ffmpeg_cpu_s: number;
  ratio: number | null;
  ratio_without_recorder: number | null;
  frames: { vigil: number; ffmpeg: number };
  rss_mb: number;
  load: { before: number[]; after: number[] };
  target_met: boolean;
}

async function phase(record: boolean, seconds: number, settleS: number): Promise<Phase> {
  return withScope(async (scope: BenchScope) => {
    const rtsp = await startRtsp(scope, { idle: static720() });
    const url = rtsp.url('idle');
    const box = await BenchBox.start(scope, {
      yaml: ['cameras:', cameraYaml('idle', url, [`record: { enabled: ${record} }`])].join('\n'),
    });
    await box.waitOnline(['idle']);
    const bare = FfmpegDecoder.start(scope, url);
    await sleep(settleS * 1000);
    const loadWin = new LoadWindow();
    const meter = new TreeMeter(box.pid);
    const before = await box.stats();
    const f0 = bare.frames;
    const b0 = cpuSeconds(bare.pid);
    meter.start();
    await sleep(seconds * 1000);
    const usage: TreeUsage = meter.stop();
    const bareCpu = cpuSeconds(bare.pid) - b0;
    const after = await box.stats();
    const vigilFrames = (after.cameras.idle?.captured ?? 0) - (before.cameras.idle?.captured ?? 0);
    const r = ratio(usage.cpuS.total, bareCpu);
    return {
      record,
      seconds,
      vigil_cpu_s: Object.fromEntries(Object.entries(usage.cpuS).map(([k, v]) => [k, round(v)])),
      ffmpeg_cpu_s: round(bareCpu),
      ratio: r,
      ratio_without_recorder: ratio(usage.cpuS.total - usage.cpuS.recorder, bareCpu),
      frames: { vigil: vigilFrames, ffmpeg: bare.frames - f0 },
      rss_mb: round(usage.rss.total / 2 ** 20, 1),
      load: loadWin.end(),
      target_met: r !== null && r <= TARGET,
    };
  });
}

runBench('idle', async () => {
  const args = parseBenchArgs('idle', { seconds: 60, quickSeconds: 15 }, { settle: { type: 'string' } });
  const settle = numberArg(args.values, 'settle', args.quick ? 5 : 10);
  const on = await phase(true, args.seconds, settle);
  const off = await phase(false, args.seconds, settle);
  return {
    bench: 'idle',
    machine: machineInfo(),
    stream: 'still scene (vtest.avi without people: parked cars), 1280x720 H.264 10 fps (GOP 20) over RTSP/TCP from a local GStreamer server',
    counted: 'Vigil: main process (incl. detector threads) + capture child + its ffmpeg decoder + recorder ffmpeg (per role below); baseline: ffmpeg -i <same url> -f null -, measured side by side over the same window',
    target: `ratio <= ${TARGET}`,
    record_on: on,
    record_off: off,
  };
});

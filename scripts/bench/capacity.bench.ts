// Capacity: the largest number N of 1280×720 H.264 10 fps cameras with people walking (vtest.avi
// upscaled, one local RTSP server, one path per camera) that Vigil runs with detection at 5 fps
// such that (a) skipped detections stay under 1% of processed frames (stats `skipped` vs
// captured − dropped), (b) live-view latency p95 stays under 250 ms for a WebSocket client
// subscribed to every camera, and (c) every camera is decoded in real time (≥ 95% of the source
// frames). N = 1, 2, ... until a count fails; reports N and the figures of every count tried.
// Usage: node dist/scripts/bench/capacity.bench.js [--seconds 30] [--settle 12] [--max 8] [--quick]
//        [--workers N --threads N --model 320] (detector settings to compare; default: Vigil's defaults)
import path from 'node:path';
import type { StatsSnapshot } from '../../server/src/contracts/domain';
import { MODELS_DIR } from '../../server/src/lib/paths';
import { BenchBox, cameraYaml, startRtsp } from './support/bench-box';
import { numberArg, parseBenchArgs, runBench } from './support/bench-args';
import { FPS, people720 } from './support/bench-media';
import { LiveLatencyClient } from './support/live-latency-client';
import { LoadWindow, machineInfo } from './support/machine';
import { TreeMeter } from './support/proc-tree';
import { percentile, round } from './support/stats';
import { sleep, withScope } from './support/scope';

const MAX_SKIPPED = 0.01;
const MAX_LIVE_P95_MS = 250;
const MIN_DECODED_SHARE = 0.95;

interface Trial {
  cameras: number;
  skipped_share: number;
  live_p95_ms: number;
  live_frames_per_camera_per_s: number;
  decoded_share: number;
  detections_per_s: number;
  inference_ms: number;
  regions_per_frame: number;
  cpu_percent: number;
  load: { before: number[]; after: number[] };
  pass: boolean;
}

function totals(s: StatsSnapshot, names: string[]) {
  let processed = 0;
  let skipped = 0;
  let captured = 0;
  for (const n of names) {
    const c = s.cameras[n];
    if (!c) continue;
    processed += c.captured - c.dropped;
    skipped += c.skipped;
    captured += c.captured;
  }
  return { processed, skipped, captured, inferences: s.detectors.inferences };
}

async function trial(n: number, seconds: number, settleS: number, detectorYaml: string): Promise<Trial> {
  return withScope(async (scope) => {
    const names = Array.from({ length: n }, (_, i) => `cam${i}`);
    const clip = people720();
    const rtsp = await startRtsp(scope, Object.fromEntries(names.map((c) => [c, clip])));
    const box = await BenchBox.start(scope, { yaml: [detectorYaml, 'cameras:', ...names.map((c) => cameraYaml(c, rtsp.url(c)))].join('\n') });
    await box.waitOnline(names, 90_000);
    const client = scope.add(await LiveLatencyClient.connect(box.wsUrl), (c) => c.close());
    for (const c of names) client.subscribe(c, 5, 360);
    await sleep(settleS * 1000); // start-up scan, motion calibration, first tracks
    const loadWin = new LoadWindow();
    const meter = new TreeMeter(box.pid);
    const a = totals(await box.stats(), names);
    const t0 = Date.now();
    meter.start();
    client.record();
    await sleep(seconds * 1000);
    client.stop();
    const usage = meter.stop();
    const end = await box.stats();
    const b = totals(end, names);
    const elapsed = (Date.now() - t0) / 1000;
    const processed = b.processed - a.processed;
    const skippedShare = processed > 0 ? (b.skipped - a.skipped) / processed : 1;
    const p95 = percentile(client.samples.map((s) => s.ms), 95);
    const decoded = (b.captured - a.captured) / (n * FPS * elapsed);
    const pass = skippedShare < MAX_SKIPPED && p95 < MAX_LIVE_P95_MS && decoded >= MIN_DECODED_SHARE;
    const cams = names.map((c) => end.cameras[c]).filter((c) => c !== undefined);
    return {
      cameras: n,
      skipped_share: round(skippedShare, 4),
      live_p95_ms: round(p95, 0),
      live_frames_per_camera_per_s: round(client.samples.length / n / seconds, 2),
      decoded_share: round(decoded, 3),
      detections_per_s: round((b.inferences - a.inferences) / elapsed, 2),
      inference_ms: end.detectors.inference_speed,
      regions_per_frame: round(cams.reduce((s, c) => s + c.regions_per_frame, 0) / Math.max(1, cams.length), 2),
      cpu_percent: round((usage.cpuS.total / elapsed) * 100, 1),
      load: loadWin.end(),
      pass,
    };
  });
}

runBench('capacity', async () => {
  const args = parseBenchArgs('capacity', { seconds: 30, quickSeconds: 12 }, { settle: { type: 'string' }, max: { type: 'string' }, workers: { type: 'string' }, threads: { type: 'string' }, model: { type: 'string' } });
  const settle = numberArg(args.values, 'settle', args.quick ? 8 : 12);
  const max = numberArg(args.values, 'max', args.quick ? 2 : 8);
  const detector: string[] = [];
  if (args.values.workers !== undefined) detector.push(`workers: ${numberArg(args.values, 'workers', 1)}`);
  if (args.values.threads !== undefined) detector.push(`threads: ${numberArg(args.values, 'threads', 0)}`);
  if (args.values.model !== undefined) detector.push(`model: { path: ${JSON.stringify(path.join(MODELS_DIR, `nanodet-${numberArg(args.values, 'model', 416)}.json`))} }`);
  const detectorYaml = detector.length > 0 ? `detector: { ${detector.join(', ')} }` : '';
  const trials: Trial[] = [];
  for (let n = 1; n <= max; n++) {
    const t = await trial(n, args.seconds, settle, detectorYaml);
    trials.push(t);
    if (!t.pass) break;
  }
  const passed = trials.filter((t) => t.pass).map((t) => t.cameras);
  const best = passed.length > 0 ? Math.max(...passed) : 0;
  return {
    bench: 'capacity',
    machine: machineInfo(),
    setup: 'N cameras, each 1280x720 H.264 10 fps (vtest.avi upscaled: people walking) on its own path of one local RTSP server; detect 5 fps (defaults: 416 model, detector workers/threads as configured by default), record on; one ws client subscribed to every camera (fps 5, height 360)',
    criteria: { skipped_share_below: MAX_SKIPPED, live_p95_ms_below: MAX_LIVE_P95_MS, decoded_share_at_least: MIN_DECODED_SHARE },
    detector: detectorYaml || 'defaults',
    seconds: args.seconds,
    capacity: best,
    at_capacity: trials.find((t) => t.cameras === best) ?? null,
    above_capacity: trials.find((t) => t.cameras === best + 1) ?? null,
    trials,
  };
});

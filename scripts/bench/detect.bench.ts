// Detection benchmark: Vigil's whole detect path (preprocess + run + decode on a real vtest.avi
// frame) against a bare onnxruntime session.run on the same tensor, for the 416 (float and int8) and 320 models,
// interleaved in one run; then pool throughput per model with 1 worker × 1 thread, 1 worker × 2
// threads and 2 workers × 1 thread (the machine's load is in `setup`: compare within one run).
// Prints exactly one JSON document on stdout (ms per inference). Run from dist: npm run bench:detect
// [-- --seconds S (time per model) | --iterations N] [--pool-seconds S] [--skip-pool] [--quick]
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { readFrame } from '../../server/src/cli/detect';
import type { ResolvedModel } from '../../server/src/contracts/worker-protocol';
import { Detector, sessionOptions } from '../../server/src/detect/detector';
import { DetectorPool } from '../../server/src/detect/detector-pool';
import { resolveModel } from '../../server/src/detect/model-resolve';
import { fullFrame, preprocessRegion } from '../../server/src/detect/preprocess';
import { median } from '../../server/src/detect/thread-choice';
import { loadOpenCV } from '../../server/src/lib/opencv';
import { DEMO_VIDEO, MODELS_DIR } from '../../server/src/lib/paths';

const FRAME = 100;
/** The float models of both sizes and the int8 416 (the default on CPUs with 8-bit dot products). */
const MODELS = ['416', '416-int8', '320'] as const;
const WARMUP = 3;

interface Stat {
  median: number;
  p95: number;
}

function stat(ms: number[]): Stat {
  const s = [...ms].sort((a, b) => a - b);
  const p95 = s[Math.max(0, Math.ceil(0.95 * s.length) - 1)] ?? NaN;
  return { median: round(median(s)), p95: round(p95) };
}

const round = (v: number) => Math.round(v * 100) / 100;

async function compare(model: ResolvedModel, frameSource: ReturnType<typeof readFrame>, threads: number, iterations: number, durationS: number | null) {
  const cv = loadOpenCV();
  const detector = await Detector.create(model, { threads, minScore: 0.4, nmsIou: 0.5 });
  const bare = await ort.InferenceSession.create(model.path, sessionOptions(threads));
  const spec = model.input;
  const { data } = preprocessRegion(cv, frameSource, fullFrame(frameSource), spec);
  const dims = spec.layout === 'nchw' ? [1, 3, spec.height, spec.width] : [1, spec.height, spec.width, 3];
  const bareFeed = { [model.inputName]: new ort.Tensor('float32', new Float32Array(data.buffer, data.byteOffset, data.byteLength / 4), dims) };
  const vigilMs: number[] = [];
  const bareMs: number[] = [];
  const parts = { preprocess: [] as number[], feed: [] as number[], inference: [] as number[], post: [] as number[] };
  let detections = 0;
  const vigilOnce = async () => {
    const t0 = performance.now();
    const { data: tensor, letterbox } = preprocessRegion(cv, frameSource, fullFrame(frameSource), spec);
    const t1 = performance.now();
    const r = await detector.run(tensor, letterbox, frameSource.cols, frameSource.rows, null);
    const total = performance.now() - t0;
    detections = r.detections.length;
    parts.preprocess.push(t1 - t0);
    parts.feed.push(r.timings.preMs);
    parts.inference.push(r.timings.inferenceMs);
    parts.post.push(r.timings.postMs);
    return total;
  };
  const bareOnce = async () => {
    const t0 = performance.now();
    await bare.run(bareFeed);
    return performance.now() - t0;
  };
  for (let i = 0; i < WARMUP; i++) {
    await vigilOnce();
    await bareOnce();
  }
  const end = durationS !== null ? performance.now() + durationS * 1000 : Infinity;
  for (let i = 0; durationS !== null ? performance.now() < end : i < iterations; i++) {
    // Alternate which goes first so neither always runs on a cache warmed by the other.
    if (i % 2 === 0) {
      vigilMs.push(await vigilOnce());
      bareMs.push(await bareOnce());
    } else {
      bareMs.push(await bareOnce());
      vigilMs.push(await vigilOnce());
    }
  }
  await detector.close();
  await bare.release();
  const v = stat(vigilMs);
  const b = stat(bareMs);
  const vigilParts = Object.fromEntries(Object.entries(parts).map(([k, ms]) => [k, round(median(ms.slice(WARMUP)))]));
  return { vigil: v, bare: b, ratio: round(v.median / b.median), runs: vigilMs.length, detections, vigil_parts_median: vigilParts };
}

/** Keeps `workers + 1` requests outstanding for `seconds`; returns completed inferences per second. */
async function poolThroughput(model: ResolvedModel, tensor: Uint8Array, workers: number, threads: number, seconds: number) {
  const pool = new DetectorPool({ model, workers, threads, timeoutMs: 30000, minScore: 0.4, nmsIou: 0.5, queueDepth: 1 });
  await pool.start();
  const lb = { originX: 0, originY: 0, scale: 1, padX: 0, padY: 0 };
  const latencies: number[] = [];
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const lane = async () => {
    while (performance.now() < end) {
      const s = performance.now();
      await pool.detect(tensor, lb, spec(model).width, spec(model).height);
      latencies.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: workers + 1 }, lane));
  const elapsed = (performance.now() - t0) / 1000;
  await pool.close();
  return { workers, threads, fps: round(latencies.length / elapsed), latency: stat(latencies) };
}

const spec = (m: ResolvedModel) => m.input;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      iterations: { type: 'string', default: '30' },
      duration: { type: 'string' },
      threads: { type: 'string', default: '1' },
      'pool-seconds': { type: 'string', default: '3' },
      'skip-pool': { type: 'boolean', default: false },
      seconds: { type: 'string' },
      quick: { type: 'boolean', default: false },
    },
  });
  const quick = values.quick === true;
  const iterations = quick ? 10 : Number(values.iterations);
  const seconds = values.seconds ?? values.duration;
  const durationS = seconds !== undefined ? Number(seconds) : null;
  const threads = Number(values.threads);
  const poolSeconds = quick ? 2 : Number(values['pool-seconds']);
  if (!(iterations >= 1) || (durationS !== null && !(durationS > 0)) || !(threads >= 1) || !(poolSeconds > 0)) {
    throw new Error('usage: detect.bench [--iterations N | --seconds S] [--threads N] [--pool-seconds S] [--skip-pool] [--quick]');
  }
  const cv = loadOpenCV();
  const frame = readFrame(cv, DEMO_VIDEO, FRAME);
  const models: Record<string, unknown> = {};
  const resolved: Record<string, ResolvedModel> = {};
  for (const size of MODELS) {
    resolved[size] = await resolveModel({ path: path.join(MODELS_DIR, `nanodet-${size}.json`) });
    models[size] = await compare(resolved[size] as ResolvedModel, frame, threads, iterations, durationS);
  }
  let pool: unknown = null;
  if (!values['skip-pool']) {
    const per: Record<string, unknown> = {};
    for (const size of MODELS) {
      const m = resolved[size] as ResolvedModel;
      const { data } = preprocessRegion(cv, frame, fullFrame(frame), m.input);
      per[size] = {
        one_worker_one_thread: await poolThroughput(m, data, 1, 1, poolSeconds),
        one_worker_two_threads: await poolThroughput(m, data, 1, 2, poolSeconds),
        two_workers_one_thread: await poolThroughput(m, data, 2, 1, poolSeconds),
      };
    }
    pool = { seconds: poolSeconds, models: per };
  }
  const doc = {
    models,
    pool,
    setup: { frame: `vtest.avi#${FRAME}`, threads, iterations: durationS === null ? iterations : null, duration_s: durationS, cores: os.availableParallelism(), loadavg: os.loadavg().map(round) },
  };
  process.stdout.write(`${JSON.stringify(doc)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`detect.bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});

// Float vs int8 (QDQ) NanoDet in onnxruntime-node: ms per inference (median, p95) at 416 and 320
// with 1 and 2 intra-op threads, float and int8 runs interleaved in the same run so both see the
// same machine load. The 416 int8 model is models/nanodet-416-int8.onnx when prepare-models made
// it; other sizes are quantised here with the same recipe. Prints one JSON document on stdout.
// Run from dist: node dist/scripts/bench/int8.bench.js [--runs 40] [--calib-frames 32]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { readFrame } from '../../server/src/cli/detect';
import { sessionOptions } from '../../server/src/detect/detector';
import { fullFrame, preprocessRegion } from '../../server/src/detect/preprocess';
import { median } from '../../server/src/detect/thread-choice';
import { loadOpenCV } from '../../server/src/lib/opencv';
import { DEMO_VIDEO, MODELS_DIR } from '../../server/src/lib/paths';
import { buildNanodetInt8, nanodetInputSpec } from '../prepare/nanodet-int8';

const FRAME = 100;
const WARMUP = 3;

const round = (v: number) => Math.round(v * 100) / 100;

function stat(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  return { median: round(median(s)), p95: round(s[Math.max(0, Math.ceil(0.95 * s.length) - 1)] ?? NaN) };
}

async function int8Model(size: number, calibFrames: number): Promise<{ model: Uint8Array | string; source: string }> {
  const shipped = path.join(MODELS_DIR, `nanodet-${size}-int8.onnx`);
  if (fs.existsSync(shipped)) return { model: shipped, source: path.relative(process.cwd(), shipped) };
  const built = await buildNanodetInt8(loadOpenCV(), fs.readFileSync(path.join(MODELS_DIR, `nanodet-${size}.onnx`)), size, DEMO_VIDEO, calibFrames);
  return { model: built.bytes, source: `quantised in this run (${calibFrames} calibration frames)` };
}

async function compare(size: number, int8: Uint8Array | string, input: Float32Array, threads: number, runs: number) {
  const open = (m: Uint8Array | string) => (typeof m === 'string' ? ort.InferenceSession.create(m, sessionOptions(threads)) : ort.InferenceSession.create(m, sessionOptions(threads)));
  const sessions = { float: await open(path.join(MODELS_DIR, `nanodet-${size}.onnx`)), int8: await open(int8) };
  const feed = { input_1: new ort.Tensor('float32', input, [1, 3, size, size]) };
  const times: Record<'float' | 'int8', number[]> = { float: [], int8: [] };
  for (let i = -WARMUP; i < runs; i++) {
    // Alternate which goes first so neither always runs on caches warmed by the other.
    for (const k of i % 2 === 0 ? (['float', 'int8'] as const) : (['int8', 'float'] as const)) {
      const t0 = performance.now();
      await sessions[k].run(feed);
      if (i >= 0) times[k].push(performance.now() - t0);
    }
  }
  await sessions.float.release();
  await sessions.int8.release();
  const f = stat(times.float);
  const q = stat(times.int8);
  return { size, threads, runs, float_ms: f, int8_ms: q, speedup_median: round(f.median / q.median) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '40' }, 'calib-frames': { type: 'string', default: '32' }, sizes: { type: 'string', default: '416,320' } } });
  const runs = Number(values.runs);
  const calibFrames = Number(values['calib-frames']);
  const sizes = (values.sizes ?? '').split(',').map(Number);
  if (!(runs >= 1) || !(calibFrames >= 1 && calibFrames <= 32) || sizes.some((s) => !(s > 0))) {
    throw new Error('usage: int8.bench [--runs N] [--calib-frames 1..32] [--sizes 416,320]');
  }
  const cv = loadOpenCV();
  const frame = readFrame(cv, DEMO_VIDEO, FRAME);
  const loadBefore = os.loadavg().map(round);
  const results = [];
  const int8Sources: Record<string, string> = {};
  for (const size of sizes) {
    const { data } = preprocessRegion(cv, frame, fullFrame(frame), nanodetInputSpec(size));
    const input = new Float32Array(data.slice().buffer);
    const { model, source } = await int8Model(size, calibFrames);
    int8Sources[size] = source;
    for (const threads of [1, 2]) results.push(await compare(size, model, input, threads, runs));
  }
  const doc = {
    bench: 'int8-vs-float',
    onnxruntime: ort.env.versions?.node ?? 'unknown',
    input: `vtest.avi#${FRAME}, whole frame`,
    int8_models: int8Sources,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    loadavg_before: loadBefore,
    loadavg_after: os.loadavg().map(round),
    results,
  };
  process.stdout.write(`${JSON.stringify(doc, null, 1)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`int8.bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});

// Judges int8 (QDQ) variants of the default detector against the float model: person recall and
// precision on vtest.avi frames counted by eye (whole frames and square region crops), agreement
// with the float model's boxes, max/mean output differences, which int8 kernels onnxruntime fuses,
// and a quick single-thread speed check (the real speed numbers come from bench/int8.bench.ts).
// One calibration per size serves every variant. Prints one JSON document on stdout.
// Run from dist: node dist/scripts/eval/int8-eval.js [--sizes 416,320] [--variants a,b] [--calib-frames 32]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { Detector } from '../../server/src/detect/detector';
import { resolveModel } from '../../server/src/detect/model-resolve';
import { median } from '../../server/src/detect/thread-choice';
import { loadOpenCV } from '../../server/src/lib/opencv';
import { DEMO_VIDEO, MODELS_DIR } from '../../server/src/lib/paths';
import { CONVERTER_VERSION } from '../convert/convert-tfjs';
import { type Calibrated, QUANTIZER_VERSION, calibrateModel, quantizeCalibrated } from '../convert/quantize-model';
import { buildCalibrationSet, calibrationFrames } from '../prepare/calibration-set';
import { LABELS_FILE, nanodetManifest } from '../prepare/nanodet-source';
import { sha256 } from '../prepare/npm-package-files';
import { type EvalView, buildViews } from './eval-views';
import { optimisedOps } from './ort-fusion';
import { type ViewRun, outputDiffs, tallyAgreement, tallyCounts } from './variant-metrics';
import { VTEST_COUNTED } from './vtest-counts';
import { INT8_VARIANTS } from './int8-variants';

const THRESHOLD = 0.5;
const SPEED_RUNS = 8;

async function runViews(det: Detector, views: readonly EvalView[]): Promise<ViewRun[]> {
  const runs: ViewRun[] = [];
  for (const v of views) {
    const { detections } = await det.run(v.tensor, v.letterbox, v.frameWidth, v.frameHeight, null);
    const outputs = (await det.infer(v.tensor)).map((o) => Float32Array.from(o.data));
    runs.push({ detections, outputs });
  }
  return runs;
}

function judge(views: readonly EvalView[], float: readonly ViewRun[], runs: readonly ViewRun[], outputNames: readonly string[]) {
  return {
    counts: {
      all: tallyCounts(views, runs, THRESHOLD),
      full: tallyCounts(views, runs, THRESHOLD, ['full']),
      crops: tallyCounts(views, runs, THRESHOLD, ['left', 'right']),
    },
    vs_float: { person: tallyAgreement(float, runs, THRESHOLD, 'person'), all_labels: tallyAgreement(float, runs, THRESHOLD, null) },
    output_diff: outputDiffs(float, runs, outputNames),
  };
}

/** Alternating float / candidate runs on one tensor: a rough speed ratio under the same load. */
async function quickSpeed(floatFile: string, candidate: Uint8Array, view: EvalView, size: number) {
  const opts = { graphOptimizationLevel: 'all' as const, intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' as const, logSeverityLevel: 3 as const };
  const a = await ort.InferenceSession.create(floatFile, opts);
  const b = await ort.InferenceSession.create(candidate, opts);
  const feed = { input_1: new ort.Tensor('float32', new Float32Array(view.tensor.buffer, view.tensor.byteOffset, view.tensor.byteLength / 4), [1, 3, size, size]) };
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = -2; i < SPEED_RUNS; i++) {
    for (const [s, t] of [[a, ta], [b, tb]] as const) {
      const t0 = performance.now();
      await s.run(feed);
      if (i >= 0) t.push(performance.now() - t0);
    }
  }
  await a.release();
  await b.release();
  const r = (v: number) => Math.round(v * 10) / 10;
  return { float_ms: r(median(ta)), int8_ms: r(median(tb)), ratio: Math.round((median(tb) / median(ta)) * 100) / 100 };
}

/** Writes the variant with a manifest into `dir` (labels beside it) and resolves it like the runtime. */
async function loadVariant(dir: string, size: number, name: string, bytes: Uint8Array) {
  const manifest = { ...nanodetManifest(size, sha256(bytes), CONVERTER_VERSION, { quantizer_version: QUANTIZER_VERSION, variant: name }), name, file: `${name}.onnx` };
  fs.writeFileSync(path.join(dir, `${name}.onnx`), bytes);
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(manifest));
  return resolveModel({ path: path.join(dir, `${name}.json`) });
}

async function evalSize(size: number, variantNames: readonly string[] | null, calibFrames: number, dir: string) {
  const cv = loadOpenCV();
  const floatModel = await resolveModel({ path: path.join(MODELS_DIR, `nanodet-${size}.json`) });
  const t0 = performance.now();
  const samples = buildCalibrationSet(cv, floatModel.input, { video: DEMO_VIDEO, frames: calibrationFrames(calibFrames) });
  const calibrated: Calibrated = await calibrateModel(fs.readFileSync(floatModel.path), { samples, dims: [1, 3, size, size], histogramBins: 2048 });
  const calibrationS = Math.round((performance.now() - t0) / 100) / 10;
  const views = buildViews(cv, floatModel.input, DEMO_VIDEO, VTEST_COUNTED);
  const floatDet = await Detector.create(floatModel, { threads: 1, minScore: 0.4, nmsIou: 0.5 });
  const floatRuns = await runViews(floatDet, views);
  await floatDet.close();
  const variants = [];
  for (const v of INT8_VARIANTS.filter((x) => !variantNames || variantNames.includes(x.name))) {
    const { bytes, report } = quantizeCalibrated(calibrated, v.options);
    const model = await loadVariant(dir, size, `nanodet-${size}-${v.name}`, bytes);
    const det = await Detector.create(model, { threads: 1, minScore: 0.4, nmsIou: 0.5 });
    const runs = await runViews(det, views);
    await det.close();
    variants.push({
      name: v.name,
      what: v.what,
      bytes: bytes.length,
      report,
      ort_ops: await optimisedOps(bytes),
      ...judge(views, floatRuns, runs, floatModel.outputs),
      quick_speed_1thread: await quickSpeed(floatModel.path, bytes, views[0] as EvalView, size),
    });
  }
  return {
    size,
    calibration: { frames: calibFrames, samples: samples.length, seconds: calibrationS, fold: calibrated.fold },
    views: { total: views.length, people: views.reduce((n, v) => n + v.people.length, 0), frames: VTEST_COUNTED.map((c) => c.frame) },
    float: { counts: { all: tallyCounts(views, floatRuns, THRESHOLD), full: tallyCounts(views, floatRuns, THRESHOLD, ['full']), crops: tallyCounts(views, floatRuns, THRESHOLD, ['left', 'right']) } },
    variants,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '416,320' }, variants: { type: 'string' }, 'calib-frames': { type: 'string', default: '32' } } });
  const sizes = (values.sizes ?? '').split(',').map(Number);
  const names = values.variants ? values.variants.split(',') : null;
  const calibFrames = Number(values['calib-frames']);
  if (sizes.some((s) => s !== 416 && s !== 320) || !(calibFrames >= 1 && calibFrames <= 32)) {
    throw new Error('usage: int8-eval [--sizes 416,320] [--variants name,...] [--calib-frames 1..32]');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-int8-eval-'));
  fs.mkdirSync(path.join(dir, path.dirname(LABELS_FILE)), { recursive: true });
  fs.copyFileSync(path.join(MODELS_DIR, LABELS_FILE), path.join(dir, LABELS_FILE));
  try {
    const results = [];
    for (const size of sizes) results.push(await evalSize(size, names, calibFrames, dir));
    const doc = { eval: 'int8-vs-float', threshold: THRESHOLD, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.availableParallelism(), loadavg: os.loadavg().map((v) => Math.round(v * 100) / 100), results };
    process.stdout.write(`${JSON.stringify(doc, null, 1)}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`int8-eval: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});

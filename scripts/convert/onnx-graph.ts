// An ONNX model as the post-conversion passes (layout folding, int8 quantisation) edit it: plain
// nodes with decoded attributes, initializers as ConstTensors, inputs and outputs untouched. Reads
// what our converter writes (raw_data tensors, int/ints/float/string attributes) and writes it
// back deterministically: initializers in first-use order, everything else in graph order.
import { onnx } from 'onnx-proto';
import { AppError } from '../../server/src/lib/errors';
import { type OnnxAttr, encodeAttr, encodeTensor } from './onnx-builder';
import { encodeModel, type ModelMeta } from './onnx-writer';
import { type ConstTensor, type DType, allocData, elementCount } from './tensor';

export interface OnnxNode {
  op: string;
  name: string;
  /** Tensor names; '' marks an omitted optional input. */
  inputs: string[];
  outputs: string[];
  attrs: Record<string, OnnxAttr>;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: Map<string, ConstTensor>;
  /** Declarations as read; passes add outputs (e.g. calibration taps) but never edit these. */
  inputs: onnx.IValueInfoProto[];
  outputs: onnx.IValueInfoProto[];
}

export interface OnnxModel {
  graph: OnnxGraph;
  meta: ModelMeta;
}

const DTYPE_OF = new Map<number, DType>([
  [onnx.TensorProto.DataType.FLOAT, 'float32'],
  [onnx.TensorProto.DataType.INT32, 'int32'],
  [onnx.TensorProto.DataType.INT64, 'int64'],
  [onnx.TensorProto.DataType.INT8, 'int8'],
  [onnx.TensorProto.DataType.UINT8, 'uint8'],
]);

/** protobufjs gives 64-bit integers as Long objects (or numbers when they fit). */
type IntLike = number | { toNumber(): number };
const num = (v: IntLike | null | undefined): number => (v === null || v === undefined ? 0 : typeof v === 'number' ? v : v.toNumber());

export function decodeOnnx(bytes: Uint8Array): OnnxModel {
  let m: onnx.ModelProto;
  try {
    m = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new AppError('model_invalid', `not an ONNX model: ${e instanceof Error ? e.message : String(e)}`);
  }
  const g = m.graph;
  if (!g) throw new AppError('model_invalid', 'the ONNX model has no graph');
  const opset = m.opsetImport.find((o) => !o.domain);
  if (m.opsetImport.some((o) => o.domain && o.domain !== 'ai.onnx') || num(opset?.version as IntLike) < 13) {
    throw new AppError('unsupported', 'post-conversion passes need a default-domain ONNX model of opset 13 or later');
  }
  const initializers = new Map<string, ConstTensor>();
  for (const t of g.initializer ?? []) initializers.set(t.name ?? '', decodeTensor(t));
  const nodes = (g.node ?? []).map((n, i): OnnxNode => {
    const name = n.name || `node_${i}`;
    if (n.domain) throw new AppError('unsupported', `node ${name} is in domain ${n.domain}`);
    const attrs: Record<string, OnnxAttr> = {};
    for (const a of n.attribute ?? []) attrs[a.name ?? ''] = decodeAttr(a, name);
    return { op: n.opType ?? '', name, inputs: [...(n.input ?? [])], outputs: [...(n.output ?? [])], attrs };
  });
  return {
    graph: { name: g.name ?? '', nodes, initializers, inputs: [...(g.input ?? [])], outputs: [...(g.output ?? [])] },
    meta: { producerName: m.producerName, producerVersion: m.producerVersion, docString: m.docString },
  };
}

export function encodeOnnx(model: OnnxModel): Uint8Array {
  const g = model.graph;
  const used: onnx.ITensorProto[] = [];
  const seen = new Set<string>();
  for (const n of g.nodes) {
    for (const name of n.inputs) {
      const t = g.initializers.get(name);
      if (!t || seen.has(name)) continue;
      seen.add(name);
      used.push(encodeTensor(name, t));
    }
  }
  const nodes: onnx.INodeProto[] = g.nodes.map((n) => ({
    opType: n.op,
    name: n.name,
    input: [...n.inputs],
    output: [...n.outputs],
    attribute: Object.entries(n.attrs).map(([k, v]) => encodeAttr(k, v)),
  }));
  return encodeModel({ name: g.name, node: nodes, initializer: used, input: g.inputs, output: g.outputs }, model.meta);
}

function decodeAttr(a: onnx.IAttributeProto, where: string): OnnxAttr {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.type) {
    case T.INT:
      return { int: num(a.i as IntLike) };
    case T.INTS:
      return { ints: (a.ints ?? []).map((v) => num(v as IntLike)) };
    case T.FLOAT:
      return { float: a.f ?? 0 };
    case T.STRING:
      return { str: Buffer.from(a.s ?? new Uint8Array()).toString('utf8') };
    default:
      throw new AppError('unsupported', `${where}: attribute ${a.name} has a type the passes do not read (${String(a.type)})`);
  }
}

function decodeTensor(t: onnx.ITensorProto): ConstTensor {
  const dtype = DTYPE_OF.get(t.dataType ?? -1);
  const name = t.name ?? '(unnamed)';
  if (!dtype) throw new AppError('unsupported', `initializer ${name} has ONNX data type ${String(t.dataType)}`);
  const shape = (t.dims ?? []).map((d) => num(d as IntLike));
  const n = elementCount(shape);
  const data = allocData(dtype, n);
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : null;
  if (raw) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const width = dtype === 'int64' ? 8 : dtype === 'int8' || dtype === 'uint8' ? 1 : 4;
    if (raw.byteLength !== n * width) throw new AppError('model_invalid', `initializer ${name}: ${raw.byteLength} bytes for ${n} ${dtype} values`);
    for (let i = 0; i < n; i++) data[i] = readValue(view, dtype, i, name);
  } else {
    const values: IntLike[] = dtype === 'float32' ? (t.floatData ?? []) : dtype === 'int64' ? ((t.int64Data ?? []) as IntLike[]) : (t.int32Data ?? []);
    if (values.length !== n) throw new AppError('model_invalid', `initializer ${name}: ${values.length} values for shape [${shape.join(',')}]`);
    for (let i = 0; i < n; i++) data[i] = checkedInt(dtype, num(values[i]), name);
  }
  return { dtype, shape, data };
}

function readValue(view: DataView, dtype: DType, i: number, name: string): number {
  switch (dtype) {
    case 'float32':
      return view.getFloat32(4 * i, true);
    case 'int32':
      return view.getInt32(4 * i, true);
    case 'int8':
      return view.getInt8(i);
    case 'uint8':
      return view.getUint8(i);
    default:
      return checkedInt(dtype, Number(view.getBigInt64(8 * i, true)), name);
  }
}

/** int64 values are held as int32 (see tensor.ts): refuse any that would not survive that. */
function checkedInt(dtype: DType, v: number, name: string): number {
  if (dtype === 'int64' && (v > 0x7fffffff || v < -0x80000000)) {
    throw new AppError('unsupported', `initializer ${name} holds int64 value ${v}, beyond what the passes keep`);
  }
  return v;
}

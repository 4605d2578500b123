// Accumulates an ONNX graph: nodes in emission order, initializers in first-use order, so the same
// TF graph always yields the same GraphProto (and the same bytes).
import { onnx } from 'onnx-proto';
import { AppError } from '../../server/src/lib/errors';
import { type ConstTensor, type DType } from './tensor';

export type OnnxAttr =
  | { int: number }
  | { ints: readonly number[] }
  | { float: number }
  | { str: string };

export interface ValueInfo {
  name: string;
  dtype: DType;
  shape: readonly number[];
}

export const ELEM: Record<DType, onnx.TensorProto.DataType> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
  int8: onnx.TensorProto.DataType.INT8,
  uint8: onnx.TensorProto.DataType.UINT8,
};

const WIDTH: Record<DType, number> = { float32: 4, int32: 4, int64: 8, int8: 1, uint8: 1 };

export class OnnxGraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers = new Map<string, onnx.ITensorProto>();
  private readonly nodeNames = new Set<string>();

  addNode(opType: string, name: string, inputs: readonly string[], outputs: readonly string[], attrs: Record<string, OnnxAttr> = {}): void {
    if (this.nodeNames.has(name)) throw new AppError('internal', `ONNX node name "${name}" used twice`);
    this.nodeNames.add(name);
    this.nodes.push({ opType, name, input: [...inputs], output: [...outputs], attribute: Object.entries(attrs).map(([k, v]) => encodeAttr(k, v)) });
  }

  /** Adds `tensor` as initializer `name` unless present; returns the name for use as an input. */
  addInitializer(name: string, tensor: ConstTensor): string {
    if (!this.initializers.has(name)) this.initializers.set(name, encodeTensor(name, tensor));
    return name;
  }

  hasInitializer(name: string): boolean {
    return this.initializers.has(name);
  }

  build(name: string, inputs: readonly ValueInfo[], outputs: readonly ValueInfo[]): onnx.IGraphProto {
    return {
      name,
      node: this.nodes,
      initializer: [...this.initializers.values()],
      input: inputs.map(valueInfo),
      output: outputs.map(valueInfo),
    };
  }
}

export function encodeAttr(name: string, v: OnnxAttr): onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if ('int' in v) return { name, type: T.INT, i: v.int };
  if ('ints' in v) return { name, type: T.INTS, ints: [...v.ints] };
  if ('float' in v) return { name, type: T.FLOAT, f: v.float };
  return { name, type: T.STRING, s: Buffer.from(v.str, 'utf8') };
}

/** Little-endian raw_data whatever the host, int64 widened from the int32 values we hold. */
export function encodeTensor(name: string, t: ConstTensor): onnx.ITensorProto {
  const n = t.data.length;
  const raw = new Uint8Array(n * WIDTH[t.dtype]);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < n; i++) {
    const v = t.data[i] as number;
    if (t.dtype === 'float32') view.setFloat32(4 * i, v, true);
    else if (t.dtype === 'int32') view.setInt32(4 * i, v, true);
    else if (t.dtype === 'int64') view.setBigInt64(8 * i, BigInt(v), true);
    else if (t.dtype === 'int8') view.setInt8(i, v);
    else view.setUint8(i, v);
  }
  return { name, dims: [...t.shape], dataType: ELEM[t.dtype], rawData: raw };
}

function valueInfo(v: ValueInfo): onnx.IValueInfoProto {
  return {
    name: v.name,
    type: { tensorType: { elemType: ELEM[v.dtype], shape: { dim: v.shape.map((d) => ({ dimValue: d })) } } },
  };
}

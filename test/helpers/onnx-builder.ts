// Builds tiny ONNX models in tests (onnx-proto), so decoders and the worker pool run through real
// onnxruntime with outputs whose values the test chose.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onnx } from 'onnx-proto';

type ElemType = 'float32' | 'uint8' | 'int64' | 'int8';

const DTYPE: Record<ElemType, onnx.TensorProto.DataType> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  uint8: onnx.TensorProto.DataType.UINT8,
  int64: onnx.TensorProto.DataType.INT64,
  int8: onnx.TensorProto.DataType.INT8,
};

export interface InputDecl {
  name: string;
  type: ElemType;
  /** Numbers are fixed dimensions, strings are symbolic (dynamic) ones. */
  shape: (number | string)[];
}

export interface ConstOutput {
  name: string;
  dims: number[];
  values: ArrayLike<number>;
  /** Element type of the output (default float32). */
  type?: 'float32' | 'int64';
  /** Store the values as int8 weights behind DequantizeLinear (a quantised export's shape). */
  quantised?: { scale: number };
}

function valueInfo(name: string, type: ElemType, shape: (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: DTYPE[type],
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function tensor(name: string, dims: number[], type: ElemType, values: ArrayLike<number>): onnx.ITensorProto {
  const t: onnx.ITensorProto = { name, dims, dataType: DTYPE[type] };
  if (type === 'float32') t.rawData = new Uint8Array(Float32Array.from(values).buffer);
  else if (type === 'int64') t.rawData = new Uint8Array(BigInt64Array.from(Array.from(values, (v) => BigInt(v))).buffer);
  else if (type === 'int8') t.rawData = new Uint8Array(Int8Array.from(values).buffer);
  else t.rawData = Uint8Array.from(values);
  return t;
}

function constNode(output: string, t: onnx.ITensorProto): onnx.INodeProto {
  return { opType: 'Constant', output: [output], attribute: [{ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t }] };
}

function encode(graph: onnx.IGraphProto, opset = 13): Uint8Array {
  const model: onnx.IModelProto = {
    irVersion: 7,
    producerName: 'vigil-test',
    opsetImport: [{ domain: '', version: opset }],
    graph,
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

/**
 * A model whose outputs are constants (the input is declared but unused): the decoder under test
 * sees exactly `outputs`, computed by onnxruntime.
 */
export function constantModel(input: InputDecl, outputs: ConstOutput[]): Uint8Array {
  const nodes: onnx.INodeProto[] = [];
  for (const o of outputs) {
    const type = o.type ?? 'float32';
    if (o.quantised) {
      const s = o.quantised.scale;
      const q = Array.from(o.values, (v) => Math.max(-128, Math.min(127, Math.round(v / s))));
      nodes.push(constNode(`${o.name}_q`, tensor(`${o.name}_qt`, o.dims, 'int8', q)));
      nodes.push(constNode(`${o.name}_s`, tensor(`${o.name}_st`, [], 'float32', [s])));
      nodes.push({ opType: 'DequantizeLinear', input: [`${o.name}_q`, `${o.name}_s`], output: [o.name] });
    } else {
      nodes.push(constNode(o.name, tensor(`${o.name}_t`, o.dims, type, o.values)));
    }
  }
  return encode({
    name: 'constants',
    node: nodes,
    input: [valueInfo(input.name, input.type, input.shape)],
    output: outputs.map((o) => valueInfo(o.name, o.type ?? 'float32', o.dims)),
  });
}

/**
 * A model whose outputs are consecutive slices of the flattened float input, reshaped: the test
 * writes the outputs it wants into the input tensor (detections then depend on the input).
 */
export function sliceModel(input: InputDecl, outputs: { name: string; dims: number[] }[]): Uint8Array {
  const nodes: onnx.INodeProto[] = [
    constNode('flat_shape', tensor('flat_shape_t', [1], 'int64', [-1])),
    { opType: 'Reshape', input: [input.name, 'flat_shape'], output: ['flat'] },
  ];
  let offset = 0;
  outputs.forEach((o, i) => {
    const n = o.dims.reduce((a, b) => a * b, 1);
    nodes.push(constNode(`s${i}`, tensor(`s${i}_t`, [1], 'int64', [offset])));
    nodes.push(constNode(`e${i}`, tensor(`e${i}_t`, [1], 'int64', [offset + n])));
    nodes.push(constNode(`d${i}`, tensor(`d${i}_t`, [o.dims.length], 'int64', o.dims)));
    nodes.push({ opType: 'Slice', input: ['flat', `s${i}`, `e${i}`], output: [`sl${i}`] });
    nodes.push({ opType: 'Reshape', input: [`sl${i}`, `d${i}`], output: [o.name] });
    offset += n;
  });
  return encode({
    name: 'slices',
    node: nodes,
    input: [valueInfo(input.name, input.type, input.shape)],
    output: outputs.map((o) => valueInfo(o.name, 'float32', o.dims)),
  });
}

/** A fresh temporary folder for model files; removed by the returned cleanup. */
export function tempDir(prefix = 'vigil-model-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function writeModel(dir: string, name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/**
 * A model that takes a while to run (a [3072x2048]·[2048x3072] MatMul, ~0.3 s on one core, built from the input, so it
 * cannot be folded away at load time) and returns zeros shaped like a yolov8 output [1, 6, n]:
 * for timeout and crash-while-busy tests.
 */
export function slowModel(input: InputDecl & { shape: [1, 3, 32, 32] }, outputName: string, n: number): Uint8Array {
  const c = (name: string, dims: number[], values: number[]) => constNode(name, tensor(`${name}_t`, dims, 'int64', values));
  const nodes: onnx.INodeProto[] = [
    c('shape2d', [2], [48, 64]),
    { opType: 'Reshape', input: [input.name, 'shape2d'], output: ['x'] },
    c('reps', [2], [64, 32]),
    { opType: 'Tile', input: ['x', 'reps'], output: ['big'] },
    { opType: 'Transpose', input: ['big'], output: ['bigT'], attribute: [{ name: 'perm', type: onnx.AttributeProto.AttributeType.INTS, ints: [1, 0] }] },
    { opType: 'MatMul', input: ['big', 'bigT'], output: ['prod'] },
    c('flat', [1], [-1]),
    { opType: 'Reshape', input: ['prod', 'flat'], output: ['prodFlat'] },
    c('start', [1], [0]),
    c('end', [1], [6 * n]),
    { opType: 'Slice', input: ['prodFlat', 'start', 'end'], output: ['part'] },
    constNode('zero', tensor('zero_t', [], 'float32', [0])),
    { opType: 'Mul', input: ['part', 'zero'], output: ['zeros'] },
    c('outShape', [3], [1, 6, n]),
    { opType: 'Reshape', input: ['zeros', 'outShape'], output: [outputName] },
  ];
  return encode({
    name: 'slow',
    node: nodes,
    input: [valueInfo(input.name, input.type, input.shape)],
    output: [valueInfo(outputName, 'float32', [1, 6, n])],
  });
}

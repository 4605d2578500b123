// The input normalisation as a tiny ONNX model that each detector worker runs before the detector:
// a letterboxed uint8 image (HWC, the model's channel order, from the capture child) becomes the
// model's float tensor, (p - mean) / std in the model's layout. Regions then cross the process
// boundary as 1 byte per value instead of 4 (a 416² region: 0.5 MB instead of 2 MB, copied about
// six times on its way), and the arithmetic stays in native code.
import type { ModelInputSpec } from '../contracts/worker-protocol';
import { ProtoWriter } from './onnx-wire';

export const PREP_INPUT = 'image';
export const PREP_OUTPUT = 'tensor';

/** TensorProto.DataType values. */
const FLOAT = 1;
const UINT8 = 2;

/** Bytes of a region image for a model input: width × height × 3, one byte each. */
export function imageBytes(spec: Pick<ModelInputSpec, 'width' | 'height'>): number {
  return spec.width * spec.height * 3;
}

/** True when the image already is the model's tensor (uint8 NHWC input, e.g. SSD). */
export function imageIsTensor(spec: ModelInputSpec): boolean {
  return spec.dtype === 'uint8' && spec.layout === 'nhwc';
}

function valueInfo(name: string, elemType: number, dims: number[]): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of dims) shape.message(1, new ProtoWriter().int(1, d));
  const tensorType = new ProtoWriter().int(1, elemType).message(2, shape);
  return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
}

function floatConst(name: string, values: readonly number[]): ProtoWriter {
  const raw = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => raw.writeFloatLE(v, i * 4));
  return new ProtoWriter().packedInts(1, [values.length]).int(2, FLOAT).string(8, name).bytes(9, raw);
}

function node(op: string, inputs: string[], outputs: string[], attrs: ProtoWriter[] = []): ProtoWriter {
  const n = new ProtoWriter();
  for (const i of inputs) n.string(1, i);
  for (const o of outputs) n.string(2, o);
  n.string(3, `${op.toLowerCase()}_${outputs[0]}`).string(4, op);
  for (const a of attrs) n.message(5, a);
  return n;
}

/**
 * ONNX model bytes: `image` uint8 [1, H, W, 3] → `tensor` in the spec's dtype and layout. Throws
 * for a spec that needs no model (imageIsTensor).
 */
export function prepModel(spec: ModelInputSpec): Uint8Array {
  if (imageIsTensor(spec)) throw new Error('this model takes the image as it is');
  const { width: w, height: h } = spec;
  const nodes: ProtoWriter[] = [];
  const inits: ProtoWriter[] = [];
  let last = PREP_INPUT;
  if (spec.dtype === 'float32') {
    inits.push(floatConst('mean', spec.mean), floatConst('scale', spec.std.map((s) => 1 / s)));
    // Cast's `to` (field 3, INT, type 2).
    nodes.push(node('Cast', [PREP_INPUT], ['as_float'], [new ProtoWriter().string(1, 'to').int(3, FLOAT).int(20, 2)]));
    nodes.push(node('Sub', ['as_float', 'mean'], ['centred']));
    nodes.push(node('Mul', ['centred', 'scale'], [spec.layout === 'nchw' ? 'scaled' : PREP_OUTPUT]));
    last = 'scaled';
  }
  if (spec.layout === 'nchw') {
    // Transpose's `perm` (field 8, INTS, type 7).
    nodes.push(node('Transpose', [last], [PREP_OUTPUT], [new ProtoWriter().string(1, 'perm').packedInts(8, [0, 3, 1, 2]).int(20, 7)]));
  }
  const outDims = spec.layout === 'nchw' ? [1, 3, h, w] : [1, h, w, 3];
  const graph = new ProtoWriter();
  for (const n of nodes) graph.message(1, n);
  graph.string(2, 'vigil-input-normalisation');
  for (const i of inits) graph.message(5, i);
  graph.message(11, valueInfo(PREP_INPUT, UINT8, [1, h, w, 3]));
  graph.message(12, valueInfo(PREP_OUTPUT, spec.dtype === 'float32' ? FLOAT : UINT8, outDims));
  // ir_version 8 with opset 13 (Cast, Sub, Mul, Transpose as onnxruntime 1.30 knows them).
  return new ProtoWriter()
    .int(1, 8)
    .string(2, 'vigil')
    .message(7, graph)
    .message(8, new ProtoWriter().string(1, '').int(2, 13))
    .finish();
}

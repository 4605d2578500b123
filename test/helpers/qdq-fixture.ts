// Small hand-built graphs in the shape our TFJS converter writes (NHWC convolutions wrapped in
// Transpose pairs, a bias Add in NHWC, explicit Pad nodes), for the layout-fold and int8 tests.
import { onnx } from 'onnx-proto';
import type { OnnxAttr } from '../../scripts/convert/onnx-builder';
import type { OnnxGraph, OnnxModel, OnnxNode } from '../../scripts/convert/onnx-graph';
import { type ConstTensor, type DType, makeTensor } from '../../scripts/convert/tensor';

export function node(op: string, name: string, inputs: string[], outputs: string[], attrs: Record<string, OnnxAttr> = {}): OnnxNode {
  return { op, name, inputs, outputs, attrs };
}

export function valueInfo(name: string, shape: number[], dtype: DType = 'float32'): onnx.IValueInfoProto {
  const elem = dtype === 'float32' ? onnx.TensorProto.DataType.FLOAT : onnx.TensorProto.DataType.INT64;
  return { name, type: { tensorType: { elemType: elem, shape: { dim: shape.map((d) => ({ dimValue: d })) } } } };
}

export const T_NHWC = { perm: { ints: [0, 2, 3, 1] } };
export const T_NCHW = { perm: { ints: [0, 3, 1, 2] } };

export interface ConvBlockWeights {
  /** OIHW filter of a 3x3 convolution. */
  w: ConstTensor;
  /** One bias value per output channel. */
  bias: number[];
}

/**
 * input x [1, C, H, W] → Pad 1 → (to NHWC, to NCHW) → Conv 3x3 → to NHWC → Add(bias) → to NCHW
 * (twice: fan-out) → LeakyRelu(0.1) and the raw conv+bias → Concat(axis 1) → MaxPool 2x2 via a
 * -inf Pad → output y. Every rewrite layout-fold knows appears once.
 */
export function converterStyleModel(c: number, h: number, wd: number, weights: ConvBlockWeights): OnnxModel {
  const out = weights.w.shape[0] as number;
  const initializers = new Map<string, ConstTensor>([
    ['pad1', makeTensor('int64', [8], [0, 0, 1, 1, 0, 0, 1, 1])],
    ['w', weights.w],
    ['b', makeTensor('float32', [out], weights.bias)],
    ['pool_pad', makeTensor('int64', [8], [0, 0, 0, 0, 0, 0, 1, 1])],
    ['neg_inf', makeTensor('float32', [], [-Infinity])],
  ]);
  const nodes = [
    node('Pad', 'pad', ['x', 'pad1'], ['xp'], { mode: { str: 'constant' } }),
    node('Transpose', 'a/to_nhwc', ['xp'], ['xp_nhwc'], T_NHWC),
    node('Transpose', 'conv/to_nchw', ['xp_nhwc'], ['conv/in'], T_NCHW),
    node('Conv', 'conv', ['conv/in', 'w'], ['conv/out'], { kernel_shape: { ints: [3, 3] }, pads: { ints: [0, 0, 0, 0] }, strides: { ints: [1, 1] } }),
    node('Transpose', 'conv/to_nhwc', ['conv/out'], ['conv/nhwc'], T_NHWC),
    node('Add', 'bias_add', ['conv/nhwc', 'b'], ['sum_nhwc']),
    node('Transpose', 'sum/to_nchw', ['sum_nhwc'], ['sum'], T_NCHW),
    node('Transpose', 'sum/to_nchw_2', ['sum_nhwc'], ['sum2'], T_NCHW),
    node('LeakyRelu', 'act', ['sum'], ['act'], { alpha: { float: 0.1 } }),
    node('Concat', 'cat', ['act', 'sum2'], ['cat'], { axis: { int: 1 } }),
    node('Pad', 'pool_pad', ['cat', 'pool_pad', 'neg_inf'], ['cat_p'], { mode: { str: 'constant' } }),
    node('MaxPool', 'pool', ['cat_p'], ['y'], { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] }, pads: { ints: [0, 0, 0, 0] } }),
  ];
  const graph: OnnxGraph = {
    name: 'fixture',
    nodes,
    initializers,
    inputs: [valueInfo('x', [1, c, h, wd])],
    outputs: [valueInfo('y', [1, 2 * out, Math.floor((h + 1) / 2), Math.floor((wd + 1) / 2)])],
  };
  return { graph, meta: { producerName: 'vigil-test', producerVersion: '1' } };
}

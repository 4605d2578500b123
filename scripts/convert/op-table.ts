// The one table mapping TF ops to ONNX nodes. TF convolutions and pooling here are NHWC while ONNX
// is NCHW: each such op is wrapped in a Transpose pair, which onnxruntime's optimiser cancels
// against the transposes the graph already has (and layout-fold.ts removes before int8
// quantisation). Adding an op means adding one entry here.
import { AppError } from '../../server/src/lib/errors';
import { nodeWindows } from './conv-window';
import { type OnnxAttr, type OnnxGraphBuilder } from './onnx-builder';
import { type ConstTensor, intValues, scalarInt, transposeTensor } from './tensor';
import { type TfNode, attrBool, attrFloat, attrInt, attrInts } from './tf-graph';

/** What an op mapping may ask about the node it converts. */
export interface MapCtx {
  readonly node: TfNode;
  readonly b: OnnxGraphBuilder;
  /** Static shape of input `i` / output `k`. */
  shape(i: number): number[];
  outShape(k?: number): number[];
  /** ONNX name of input `i`; a constant input becomes an initializer. */
  input(i: number): string;
  /** Value of constant input `i` (a clear error if it is computed). */
  constant(i: number): ConstTensor;
  /** ONNX name of output `k`. */
  out(k?: number): string;
  /** A new int64 initializer owned by this node. */
  int64(suffix: string, values: readonly number[]): string;
}

export type OpMapping = (c: MapCtx) => void;

const NHWC_TO_NCHW = [0, 3, 1, 2];
const NCHW_TO_NHWC = [0, 2, 3, 1];

export const OP_TABLE: Record<string, OpMapping> = {
  Identity: (c) => c.b.addNode('Identity', c.node.name, [c.input(0)], [c.out()]),
  Sigmoid: (c) => c.b.addNode('Sigmoid', c.node.name, [c.input(0)], [c.out()]),
  LeakyRelu: (c) => c.b.addNode('LeakyRelu', c.node.name, [c.input(0)], [c.out()], { alpha: { float: attrFloat(c.node, 'alpha', 0.2) } }),
  Add: (c) => c.b.addNode('Add', c.node.name, [c.input(0), c.input(1)], [c.out()]),
  AddV2: (c) => c.b.addNode('Add', c.node.name, [c.input(0), c.input(1)], [c.out()]),
  Transpose: (c) => c.b.addNode('Transpose', c.node.name, [c.input(0)], [c.out()], { perm: { ints: intValues(c.constant(1), c.node.name) } }),
  ConcatV2: (c) => {
    const n = c.node.inputs.length - 1;
    const inputs = Array.from({ length: n }, (_, i) => c.input(i));
    c.b.addNode('Concat', c.node.name, inputs, [c.out()], { axis: { int: scalarInt(c.constant(n), c.node.name) } });
  },
  Pad: (c) => c.b.addNode('Pad', c.node.name, [c.input(0), onnxPads(c)], [c.out()], { mode: { str: 'constant' } }),
  // PadV2 carries its fill value; here -inf before a max-pool, so the border never wins.
  PadV2: (c) => c.b.addNode('Pad', c.node.name, [c.input(0), onnxPads(c), c.input(2)], [c.out()], { mode: { str: 'constant' } }),
  Reshape: (c) => {
    // The resolved static target: no -1, and no clash with ONNX's "0 = copy the input dim".
    c.b.addNode('Reshape', c.node.name, [c.input(0), c.int64('shape', c.outShape())], [c.out()]);
  },
  SplitV: (c) => {
    const axis = scalarInt(c.constant(2), c.node.name);
    const k = attrInt(c.node, 'num_split');
    const sizes = Array.from({ length: k }, (_, i) => c.outShape(i)[axis < 0 ? axis + c.shape(0).length : axis] as number);
    const outs = Array.from({ length: k }, (_, i) => c.out(i));
    c.b.addNode('Split', c.node.name, [c.input(0), c.int64('split', sizes)], outs, { axis: { int: axis } });
  },
  Conv2D: (c) => {
    const filter = c.constant(1); // HWIO
    const [kh, kw, inPerGroup] = filter.shape as [number, number, number, number];
    const [, h, w, ch] = c.shape(0) as [number, number, number, number];
    const weight = c.b.addInitializer(`${c.node.inputs[1]?.node ?? c.node.name}/oihw`, transposeTensor(filter, [3, 2, 0, 1]));
    const dil = attrInts(c.node, 'dilations', [1, 1, 1, 1]);
    if (ch % inPerGroup !== 0) throw new AppError('model_invalid', `Conv2D ${c.node.name}: ${ch} input channels do not fit a filter for ${inPerGroup}`);
    inNchw(c, 'Conv', [weight], {
      ...windowAttrs(c, h, w, kh, kw),
      dilations: { ints: [dil[1] ?? 1, dil[2] ?? 1] },
      group: { int: ch / inPerGroup },
    });
  },
  MaxPool: (c) => {
    const [, h, w] = c.shape(0) as [number, number, number, number];
    const k = attrInts(c.node, 'ksize');
    inNchw(c, 'MaxPool', [], windowAttrs(c, h, w, k[1] as number, k[2] as number));
  },
  ResizeBilinear: (c) => {
    const [n, , , ch] = c.shape(0) as [number, number, number, number];
    const [oh, ow] = intValues(c.constant(1), c.node.name) as [number, number];
    inNchw(c, 'Resize', ['', '', c.int64('sizes', [n, ch, oh, ow])], {
      mode: { str: 'linear' },
      coordinate_transformation_mode: { str: resizeCoordinates(c.node) },
    });
  },
};

/** TF's two resize flags as ONNX's one coordinate mode. */
export function resizeCoordinates(node: TfNode): string {
  const half = attrBool(node, 'half_pixel_centers', false);
  const corners = attrBool(node, 'align_corners', false);
  if (half && corners) throw new AppError('model_invalid', `${node.name}: half_pixel_centers and align_corners are both set`);
  return half ? 'half_pixel' : corners ? 'align_corners' : 'asymmetric';
}

/** Runs an NCHW-only ONNX op on an NHWC tensor: Transpose in, the op, Transpose out. */
function inNchw(c: MapCtx, op: string, extraInputs: string[], attrs: Record<string, OnnxAttr>): void {
  const name = c.node.name;
  c.b.addNode('Transpose', `${name}/to_nchw`, [c.input(0)], [`${name}/nchw_in`], { perm: { ints: NHWC_TO_NCHW } });
  c.b.addNode(op, name, [`${name}/nchw_in`, ...extraInputs], [`${name}/nchw_out`], attrs);
  c.b.addNode('Transpose', `${name}/to_nhwc`, [`${name}/nchw_out`], [c.out()], { perm: { ints: NCHW_TO_NHWC } });
}

function windowAttrs(c: MapCtx, h: number, w: number, kh: number, kw: number): Record<string, OnnxAttr> {
  const strides = attrInts(c.node, 'strides');
  const [hw, ww] = nodeWindows(c.node, h, w, kh, kw);
  return {
    kernel_shape: { ints: [kh, kw] },
    strides: { ints: [strides[1] ?? 1, strides[2] ?? 1] },
    pads: { ints: [hw.padBegin, ww.padBegin, hw.padEnd, ww.padEnd] },
  };
}

/** TF paddings [rank, 2] (begin, end per axis) → ONNX pads [begins..., ends...]. */
function onnxPads(c: MapCtx): string {
  const p = intValues(c.constant(1), c.node.name);
  const rank = p.length / 2;
  const begins = Array.from({ length: rank }, (_, a) => p[2 * a] as number);
  const ends = Array.from({ length: rank }, (_, a) => p[2 * a + 1] as number);
  return c.int64('pads', [...begins, ...ends]);
}

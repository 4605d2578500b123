// Static shapes of every tensor in the working graph. The ONNX side needs some of them (Resize
// sizes with batch and channels, SAME padding, output shapes), and running the rules also catches
// a graph that no longer fits together, e.g. a reshape still sized for another input.
import { AppError } from '../../server/src/lib/errors';
import { broadcastShape } from './constant-fold';
import { nodeWindows } from './conv-window';
import { type ConstTensor, elementCount, intValues, scalarInt } from './tensor';
import { type TfGraph, type TfNode, type TensorRef, attrInts, attrString, tensorName } from './tf-graph';

export type Shapes = Map<string, number[]>;

interface Ctx {
  node: TfNode;
  shape(i: number): number[];
  constant(i: number): ConstTensor;
}

type Rule = (c: Ctx) => number[][];

const same: Rule = (c) => [c.shape(0)];

const RULES: Record<string, Rule> = {
  Identity: same,
  LeakyRelu: same,
  Sigmoid: same,
  Add: (c) => [broadcastShape(c.shape(0), c.shape(1), c.node.name)],
  AddV2: (c) => [broadcastShape(c.shape(0), c.shape(1), c.node.name)],
  Pad: padRule,
  PadV2: padRule,
  Transpose: (c) => {
    const x = c.shape(0);
    return [intValues(c.constant(1), c.node.name).map((p) => x[p] as number)];
  },
  ConcatV2: (c) => {
    const n = c.node.inputs.length - 1;
    const first = c.shape(0);
    const axis = normAxis(scalarInt(c.constant(n), c.node.name), first.length);
    const out = [...first];
    out[axis] = 0;
    for (let i = 0; i < n; i++) out[axis] = (out[axis] as number) + (c.shape(i)[axis] as number);
    return [out];
  },
  Conv2D: (c) => {
    const [n, h, w] = nhwc(c);
    const [kh, kw, , outC] = c.shape(1);
    const [hw, ww] = nodeWindows(c.node, h, w, kh as number, kw as number);
    return [[n, hw.out, ww.out, outC as number]];
  },
  MaxPool: (c) => {
    const [n, h, w, ch] = nhwc(c);
    const k = attrInts(c.node, 'ksize');
    const [hw, ww] = nodeWindows(c.node, h, w, k[1] as number, k[2] as number);
    return [[n, hw.out, ww.out, ch]];
  },
  ResizeBilinear: resizeRule,
  SplitV: (c) => {
    const x = c.shape(0);
    const axis = normAxis(scalarInt(c.constant(2), c.node.name), x.length);
    return splitSizes(intValues(c.constant(1), c.node.name), x[axis] as number, c.node.name).map((s) => {
      const out = [...x];
      out[axis] = s;
      return out;
    });
  },
  Reshape: (c) => [reshapeTarget(c.shape(0), intValues(c.constant(1), c.node.name), c.node.name)],
};

export function inferShapes(graph: TfGraph): Shapes {
  const shapes: Shapes = new Map();
  for (const [k, t] of graph.consts) shapes.set(k, t.shape);
  for (const i of graph.inputs) shapes.set(i.name, i.shape);
  for (const node of graph.nodes) {
    const rule = RULES[node.op];
    if (!rule) throw new AppError('unsupported', `no shape rule for TF op ${node.op} (${node.name})`);
    const ctx: Ctx = {
      node,
      shape: (i) => lookup(shapes, node, i),
      constant: (i) => {
        const ref = node.inputs[i];
        const t = ref ? graph.consts.get(tensorName(ref)) : undefined;
        if (!t) throw new AppError('unsupported', `${node.op} ${node.name}: input ${i} must be a constant`);
        return t;
      },
    };
    rule(ctx).forEach((s, k) => shapes.set(tensorName({ node: node.name, index: k }), s));
  }
  return shapes;
}

function lookup(shapes: Shapes, node: TfNode, i: number): number[] {
  const ref: TensorRef | undefined = node.inputs[i];
  const s = ref ? shapes.get(tensorName(ref)) : undefined;
  if (!s) throw new AppError('model_invalid', `${node.op} ${node.name}: input ${i} (${ref ? tensorName(ref) : 'missing'}) has no known shape`);
  return s;
}

function padRule(c: Ctx): number[][] {
  const pads = intValues(c.constant(1), c.node.name);
  return [c.shape(0).map((d, a) => d + (pads[2 * a] ?? 0) + (pads[2 * a + 1] ?? 0))];
}

function resizeRule(c: Ctx): number[][] {
  const [n, , , ch] = nhwc(c);
  const [h, w] = intValues(c.constant(1), c.node.name);
  return [[n, h as number, w as number, ch]];
}

/** Conv2D and MaxPool are converted from NHWC only (TF CPU graphs never use NCHW for them). */
function nhwc(c: Ctx): [number, number, number, number] {
  const format = attrString(c.node, 'data_format', 'NHWC');
  if (format !== 'NHWC') throw new AppError('unsupported', `${c.node.op} ${c.node.name}: data_format ${format} is not supported`);
  const x = c.shape(0);
  if (x.length !== 4) throw new AppError('model_invalid', `${c.node.op} ${c.node.name}: input must be 4-D, got [${x.join(',')}]`);
  return x as [number, number, number, number];
}

function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new AppError('model_invalid', `axis ${axis} is out of range for rank ${rank}`);
  return a;
}

/** SplitV sizes with at most one -1 resolved against the axis length. */
export function splitSizes(sizes: number[], total: number, where: string): number[] {
  const known = sizes.filter((s) => s >= 0).reduce((a, b) => a + b, 0);
  const free = sizes.filter((s) => s < 0).length;
  if (free > 1 || (free === 0 && known !== total) || known > total) {
    throw new AppError('model_invalid', `${where}: split sizes [${sizes.join(',')}] do not fit an axis of ${total}`);
  }
  return sizes.map((s) => (s < 0 ? total - known : s));
}

/** A TF reshape target with its -1 resolved (TF has no "0 = keep"); a size mismatch is a clear error. */
export function reshapeTarget(input: number[], target: number[], where: string): number[] {
  const n = elementCount(input);
  const out = [...target];
  const known = out.filter((d) => d >= 0).reduce((a, b) => a * b, 1);
  const free = out.filter((d) => d < 0).length;
  if (free > 1 || (free === 1 ? known === 0 || n % known !== 0 : known !== n)) {
    throw new AppError('model_invalid', `${where}: cannot reshape [${input.join(',')}] to [${target.join(',')}]`);
  }
  return out.map((d) => (d < 0 ? n / known : d));
}

// Folds nodes whose inputs are all constants into constants. In this kind of graph that is shape
// bookkeeping (an empty SparseToDense added to a reshape target); ONNX gets the plain result.
import { AppError } from '../../server/src/lib/errors';
import { type ConstTensor, elementCount, intValues, makeTensor } from './tensor';
import { type TfGraph, type TfNode, tensorName } from './tf-graph';

type Folder = (node: TfNode, inputs: ConstTensor[]) => ConstTensor;

const FOLDERS: Record<string, Folder> = {
  SparseToDense: foldSparseToDense,
  Add: foldAdd,
  AddV2: foldAdd,
};

/** Replaces foldable all-constant nodes by constants. `graph.nodes` must be topologically sorted. */
export function foldConstants(graph: TfGraph): TfGraph {
  const consts = new Map(graph.consts);
  const outputs = new Set(graph.outputs);
  const nodes: TfNode[] = [];
  for (const node of graph.nodes) {
    const folder = FOLDERS[node.op];
    const values = node.inputs.map((r) => consts.get(tensorName(r)));
    if (folder && !outputs.has(node.name) && values.every((v) => v !== undefined)) {
      consts.set(node.name, folder(node, values as ConstTensor[]));
    } else {
      nodes.push(node);
    }
  }
  return { ...graph, nodes, consts };
}

/** TF SparseToDense: a dense tensor of `default_value` with `sparse_values` written at the indices. */
function foldSparseToDense(node: TfNode, [indices, shapeT, values, fill]: ConstTensor[]): ConstTensor {
  if (!indices || !shapeT || !values || !fill) throw new AppError('model_invalid', `SparseToDense ${node.name} needs 4 inputs`);
  const shape = intValues(shapeT, node.name);
  const rank = shape.length;
  const idx = intValues(indices, node.name);
  const count = indices.shape.length === 2 ? (indices.shape[0] ?? 0) : indices.shape.length === 1 && rank > 1 ? 1 : idx.length;
  const dense: number[] = new Array<number>(elementCount(shape)).fill(Array.from(fill.data)[0] ?? 0);
  for (let k = 0; k < count; k++) {
    let flat = 0;
    for (let a = 0; a < rank; a++) flat = flat * (shape[a] ?? 1) + (idx[k * rank + a] ?? 0);
    dense[flat] = values.data.length === 1 ? (values.data[0] ?? 0) : (values.data[k] ?? 0);
  }
  return makeTensor(values.dtype, shape, dense);
}

function foldAdd(node: TfNode, [a, b]: ConstTensor[]): ConstTensor {
  if (!a || !b) throw new AppError('model_invalid', `${node.op} ${node.name} needs 2 inputs`);
  return broadcastBinary(a, b, (x, y) => x + y, node.name);
}

/** Element-wise `fn` with NumPy/TF broadcasting, for small constant tensors. */
export function broadcastBinary(a: ConstTensor, b: ConstTensor, fn: (x: number, y: number) => number, where: string): ConstTensor {
  const shape = broadcastShape(a.shape, b.shape, where);
  const n = elementCount(shape);
  const out = new Array<number>(n);
  const stridesA = broadcastStrides(a.shape, shape);
  const stridesB = broadcastStrides(b.shape, shape);
  for (let i = 0; i < n; i++) {
    let rest = i;
    let ia = 0;
    let ib = 0;
    for (let d = shape.length - 1; d >= 0; d--) {
      const size = shape[d] ?? 1;
      const c = rest % size;
      rest = Math.floor(rest / size);
      ia += c * (stridesA[d] ?? 0);
      ib += c * (stridesB[d] ?? 0);
    }
    out[i] = fn(a.data[ia] ?? 0, b.data[ib] ?? 0);
  }
  return makeTensor(a.dtype, shape, out);
}

export function broadcastShape(a: readonly number[], b: readonly number[], where: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new AppError('model_invalid', `${where}: shapes [${a.join(',')}] and [${b.join(',')}] do not broadcast`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Strides of `shape` laid out in the broadcast `target` (0 along broadcast axes). */
function broadcastStrides(shape: readonly number[], target: readonly number[]): number[] {
  const strides = new Array<number>(target.length).fill(0);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    const t = target.length - shape.length + d;
    strides[t] = (shape[d] ?? 1) === 1 ? 0 : s;
    s *= shape[d] ?? 1;
  }
  return strides;
}

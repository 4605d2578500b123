// The TF graph as the converter works on it: compute nodes with parsed input references, constants
// by tensor name, graph inputs and outputs. Built from a TFJS model; later passes rewrite it.
import { AppError } from '../../server/src/lib/errors';
import { type ConstTensor, type DType, dtypeFromTf } from './tensor';
import { type TfAttrValue, type TfjsModelJson, readWeights } from './tfjs-model';

/** Output `index` of node `node` (TF writes it "node:index", or just "node" for 0). */
export interface TensorRef {
  node: string;
  index: number;
}

export interface TfNode {
  name: string;
  op: string;
  inputs: TensorRef[];
  attr: Record<string, TfAttrValue>;
}

export interface GraphInput {
  name: string;
  dtype: DType;
  shape: number[];
}

export interface TfGraph {
  /** Compute nodes only: Const and Placeholder nodes become `consts` and `inputs`. */
  nodes: TfNode[];
  consts: Map<string, ConstTensor>;
  inputs: GraphInput[];
  /** Tensor names the model returns, in the order the caller asked for. */
  outputs: string[];
}

/** The ONNX-style name of a TF tensor: the node name for output 0, "node:k" for the others. */
export function tensorName(ref: TensorRef): string {
  return ref.index === 0 ? ref.node : `${ref.node}:${ref.index}`;
}

/** Parses a TF input string; control dependencies ("^node") return null. */
export function parseRef(input: string): TensorRef | null {
  if (input.startsWith('^')) return null;
  const m = /^(.*):(\d+)$/.exec(input);
  return m ? { node: m[1] as string, index: Number(m[2]) } : { node: input, index: 0 };
}

/**
 * Builds the working graph from a TFJS model. `outputs` defaults to the model signature's outputs
 * in signature order; pass it to fix the order (e.g. the order a decoder expects).
 */
export function buildGraph(model: TfjsModelJson, weightData: Uint8Array, outputs?: readonly string[]): TfGraph {
  const defs = model.modelTopology.node;
  const declared = new Map<string, DType>();
  for (const d of defs) {
    if (d.op === 'Const') declared.set(d.name, dtypeFromTf(d.attr?.dtype?.type ?? d.attr?.value?.tensor?.dtype, `Const ${d.name}`));
  }
  const weights = readWeights(model, weightData, declared);
  const graph: TfGraph = { nodes: [], consts: new Map(), inputs: [], outputs: [] };
  for (const d of defs) {
    if (d.op === 'Const') {
      const w = weights.get(d.name);
      if (!w) throw new AppError('model_invalid', `Const ${d.name} has no entry in the weights manifest`);
      graph.consts.set(d.name, w);
    } else if (d.op === 'Placeholder') {
      const dims = d.attr?.shape?.shape?.dim ?? [];
      const shape = dims.map((x) => Number(x.size ?? -1));
      if (shape.some((n) => !(n > 0))) {
        throw new AppError('unsupported', `input ${d.name} has shape [${shape.join(',')}]; only fixed shapes are supported`);
      }
      graph.inputs.push({ name: d.name, dtype: dtypeFromTf(d.attr?.dtype?.type, `input ${d.name}`), shape });
    } else {
      const inputs = (d.input ?? []).map(parseRef).filter((r): r is TensorRef => r !== null);
      graph.nodes.push({ name: d.name, op: d.op, inputs, attr: d.attr ?? {} });
    }
  }
  const wanted = outputs ?? Object.values(model.signature?.outputs ?? {}).map((o) => o.name);
  if (wanted.length === 0) throw new AppError('model_invalid', 'the model names no outputs (no signature) and none were given');
  graph.outputs = wanted.map((n) => tensorName(parseRef(n) ?? { node: n, index: 0 }));
  const produced = new Set(graph.nodes.map((n) => n.name));
  for (const o of graph.outputs) {
    const ref = parseRef(o) as TensorRef;
    if (!produced.has(ref.node)) throw new AppError('model_invalid', `output ${o} is not produced by any node`);
  }
  return graph;
}

// --- attribute readers: TFJS JSON keeps int64 as strings and strings as base64 -------------------

export function attrString(node: TfNode, key: string, fallback?: string): string {
  const s = node.attr[key]?.s;
  if (s === undefined) return required(node, key, fallback);
  return Buffer.from(s, 'base64').toString('utf8');
}

export function attrInts(node: TfNode, key: string, fallback?: number[]): number[] {
  const list = node.attr[key]?.list;
  if (!list) return required(node, key, fallback);
  return (list.i ?? []).map(Number);
}

export function attrInt(node: TfNode, key: string, fallback?: number): number {
  const i = node.attr[key]?.i;
  return i === undefined ? required(node, key, fallback) : Number(i);
}

export function attrFloat(node: TfNode, key: string, fallback?: number): number {
  const f = node.attr[key]?.f;
  return f === undefined ? required(node, key, fallback) : f;
}

export function attrBool(node: TfNode, key: string, fallback?: boolean): boolean {
  const b = node.attr[key]?.b;
  return b === undefined ? required(node, key, fallback) : b;
}

function required<T>(node: TfNode, key: string, fallback: T | undefined): T {
  if (fallback === undefined) throw new AppError('model_invalid', `${node.op} ${node.name}: attribute "${key}" is missing`);
  return fallback;
}

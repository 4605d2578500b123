// Decides which nodes of a (layout-folded) graph run in int8 and which activation tensors need
// quantisation parameters. Ops whose int8 kernels must not rescale (MaxPool, Resize) are tied to
// their input's parameters, so onnxruntime can run them on the 8-bit values directly.
import { AppError } from '../../server/src/lib/errors';
import { type OnnxGraph, type OnnxNode } from './onnx-graph';
import { consumers, outputNames } from './onnx-graph-edit';

/** Ops the plan may quantise; everything else stays float (and reads dequantised inputs). */
const QUANTISABLE = new Set(['Conv', 'LeakyRelu', 'Add', 'Concat', 'MaxPool', 'Resize']);
/** Ops whose output shares the input's scale and zero point. */
const TIED = new Set(['MaxPool', 'Resize']);

export interface PlanOptions {
  /** Leave the convolution(s) reading the graph input in float. */
  floatFirstConv: boolean;
  /** Leave the last convolution before each graph output (the detection heads) in float. */
  floatHeads: boolean;
  /** More node names to leave in float. */
  keepFloat?: readonly string[];
}

export interface QdqPlan {
  /** Names of the nodes that run in int8. */
  nodes: Set<string>;
  /** Activation tensors that get a QuantizeLinear → DequantizeLinear pair, in graph order. */
  tensors: string[];
  /** Tensor → the tensor whose parameters it must reuse. */
  tied: Map<string, string>;
}

export function planQdq(g: OnnxGraph, opts: PlanOptions): QdqPlan {
  const float = new Set(opts.keepFloat ?? []);
  const inputs = new Set(g.inputs.map((i) => i.name ?? ''));
  if (opts.floatFirstConv) for (const n of g.nodes) if (n.op === 'Conv' && inputs.has(n.inputs[0] ?? '')) float.add(n.name);
  if (opts.floatHeads) for (const n of headConvs(g)) float.add(n.name);

  const outs = outputNames(g);
  const isActivation = (t: string) => t !== '' && !g.initializers.has(t);
  const nodes = new Set<string>();
  for (const n of g.nodes) {
    if (!QUANTISABLE.has(n.op) || float.has(n.name)) continue;
    if (n.op === 'Add' && !n.inputs.every(isActivation)) continue; // a constant operand has no QDQ form here
    if (n.outputs.some((o) => outs.has(o))) continue; // graph outputs keep their float type
    nodes.add(n.name);
  }

  const wanted = new Set<string>();
  const tied = new Map<string, string>();
  for (const n of g.nodes) {
    if (!nodes.has(n.name)) continue;
    for (const t of [...n.inputs.filter(isActivation), ...n.outputs]) wanted.add(t);
    if (TIED.has(n.op)) tied.set(n.outputs[0] as string, n.inputs[0] as string);
  }
  const order = [...inputs, ...g.nodes.flatMap((n) => n.outputs)];
  const tensors = order.filter((t) => wanted.has(t));
  return { nodes, tensors, tied: resolveTies(tied) };
}

/** Chains (MaxPool after Resize, say) point straight at the tensor that owns the parameters. */
function resolveTies(tied: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of tied.keys()) {
    let root = t;
    for (let i = 0; tied.has(root); i++) {
      if (i > tied.size) throw new AppError('internal', `parameter ties around ${t} form a cycle`);
      root = tied.get(root) as string;
    }
    out.set(t, root);
  }
  return out;
}

/** Convolutions from which a graph output is reached without passing another convolution. */
export function headConvs(g: OnnxGraph): OnnxNode[] {
  const readers = consumers(g);
  const outs = outputNames(g);
  return g.nodes.filter((n) => {
    if (n.op !== 'Conv') return false;
    const stack = [...n.outputs];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const t = stack.pop() as string;
      if (outs.has(t)) return true;
      if (seen.has(t)) continue;
      seen.add(t);
      for (const r of readers.get(t) ?? []) if (r.op !== 'Conv') stack.push(...r.outputs);
    }
    return false;
  });
}

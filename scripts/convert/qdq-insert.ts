// Writes a QDQ plan into the graph: every planned activation gets QuantizeLinear → DequantizeLinear
// right after it is produced (all readers read the dequantised value), and every int8 Conv gets
// int8 weights per output channel and an int32 bias behind DequantizeLinear. onnxruntime fuses
// DQ → op → Q groups into its int8 kernels (QLinearConv and friends); what it cannot fuse still
// runs, in float, on the same values.
import { AppError } from '../../server/src/lib/errors';
import { type OnnxGraph, type OnnxNode } from './onnx-graph';
import { type QdqPlan } from './qdq-plan';
import { type QuantParams, quantizeBias, quantizeWeights } from './quant-math';
import { type ConstTensor, makeTensor } from './tensor';

export interface InsertOptions {
  /** Largest |int8 weight| (127 full range, 63 for 7-bit weights). @default 127 */
  weightLimit?: number;
}

/** Parameters of a planned tensor, following ties (MaxPool/Resize outputs reuse their input's). */
export function paramsOf(plan: QdqPlan, params: ReadonlyMap<string, QuantParams>, tensor: string): QuantParams {
  const p = params.get(plan.tied.get(tensor) ?? tensor);
  if (!p) throw new AppError('internal', `no quantisation parameters for ${tensor}`);
  return p;
}

export function insertQdq(graph: OnnxGraph, plan: QdqPlan, params: ReadonlyMap<string, QuantParams>, opts: InsertOptions = {}): OnnxGraph {
  const initializers = new Map(graph.initializers);
  const planned = new Set(plan.tensors);
  const dq = (t: string) => (planned.has(t) ? `${t}/dq` : t);
  const nodes: OnnxNode[] = [];

  const addInit = (name: string, t: ConstTensor): string => {
    if (initializers.has(name)) throw new AppError('internal', `initializer ${name} already exists`);
    initializers.set(name, t);
    return name;
  };
  const qdqPair = (t: string) => {
    const p = paramsOf(plan, params, t);
    const scale = addInit(`${t}/scale`, makeTensor('float32', [], [p.scale]));
    const zero = addInit(`${t}/zero_point`, makeTensor(p.type, [], [p.zeroPoint]));
    nodes.push({ op: 'QuantizeLinear', name: `${t}/QuantizeLinear`, inputs: [t, scale, zero], outputs: [`${t}/q`], attrs: {} });
    nodes.push({ op: 'DequantizeLinear', name: `${t}/DequantizeLinear`, inputs: [`${t}/q`, scale, zero], outputs: [`${t}/dq`], attrs: {} });
  };

  for (const i of graph.inputs) if (planned.has(i.name ?? '')) qdqPair(i.name ?? '');
  for (const n of graph.nodes) {
    let inputs = n.inputs.map(dq);
    if (plan.nodes.has(n.name) && n.op === 'Conv') inputs = quantizeConv(n, inputs, graph, plan, params, opts, addInit, nodes);
    nodes.push({ ...n, inputs });
    for (const o of n.outputs) if (planned.has(o)) qdqPair(o);
  }
  return { ...graph, nodes, initializers };
}

/** Emits the weight (and bias) DequantizeLinear nodes of an int8 Conv; returns its new inputs. */
function quantizeConv(
  n: OnnxNode,
  inputs: string[],
  graph: OnnxGraph,
  plan: QdqPlan,
  params: ReadonlyMap<string, QuantParams>,
  opts: InsertOptions,
  addInit: (name: string, t: ConstTensor) => string,
  nodes: OnnxNode[],
): string[] {
  const [x, wName, bName] = n.inputs as [string, string, string | undefined];
  const w = graph.initializers.get(wName);
  if (!w) throw new AppError('unsupported', `Conv ${n.name}: the weights are not a constant`);
  const channels = w.shape[0] as number;
  const q = quantizeWeights(w, opts.weightLimit ?? 127);
  const perChannel = (base: string, values: ConstTensor, scales: Float32Array, zeroType: 'int8' | 'int32') => {
    const v = addInit(`${base}/quantized`, values);
    const s = addInit(`${base}/scale`, makeTensor('float32', [channels], scales));
    const z = addInit(`${base}/zero_point`, makeTensor(zeroType, [channels], new Array<number>(channels).fill(0)));
    nodes.push({ op: 'DequantizeLinear', name: `${base}/DequantizeLinear`, inputs: [v, s, z], outputs: [`${base}/dq`], attrs: { axis: { int: 0 } } });
    return `${base}/dq`;
  };
  const out = [...inputs];
  // Weights are named per Conv: a filter shared by two Convs still quantises the same way.
  out[1] = perChannel(`${n.name}/weight`, q.values, q.scales, 'int8');
  if (bName) {
    const b = graph.initializers.get(bName);
    if (!b) throw new AppError('unsupported', `Conv ${n.name}: the bias is not a constant`);
    const qb = quantizeBias(b, paramsOf(plan, params, x).scale, q.scales);
    out[2] = perChannel(`${n.name}/bias`, qb.values, qb.scales, 'int32');
  }
  return out;
}

// Brings the converted graph into the plain NCHW shape an int8 pass (and onnxruntime's QDQ fusion)
// can work with: the NHWC↔NCHW Transpose pairs the op table wraps around each convolution are
// cancelled, TF's per-channel bias Add moves into the Conv's bias input, and zero (or -inf before a
// max-pool) Pad nodes move into the window op's pads. Float results are unchanged; onnxruntime
// does the same at load time for the float model, but QDQ nodes would stand in its way.
import { AppError } from '../../server/src/lib/errors';
import { type OnnxGraph, type OnnxNode } from './onnx-graph';
import { consumers, intsAttr, outputNames, producers, removeDead, replaceUses, strAttr } from './onnx-graph-edit';
import { type ConstTensor, makeTensor } from './tensor';

const TO_NHWC = [0, 2, 3, 1];
const TO_NCHW = [0, 3, 1, 2];

export interface FoldReport {
  transposePairs: number;
  biasAdds: number;
  pads: number;
}

/** All folds, in the order that exposes the next one's pattern. */
export function foldLayout(graph: OnnxGraph): { graph: OnnxGraph; report: FoldReport } {
  let g: OnnxGraph = { ...graph, nodes: graph.nodes.map((n) => ({ ...n, inputs: [...n.inputs] })), initializers: new Map(graph.initializers) };
  const transposePairs = cancelTransposePairs(g);
  g = removeDead(g);
  const biasAdds = foldChannelBias(g);
  g = removeDead(g);
  const pads = foldPads(g);
  g = removeDead(g);
  return { graph: g, report: { transposePairs, biasAdds, pads } };
}

const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Transpose(p) then Transpose(q) with q∘p = identity: readers of the second read the first's input. */
export function cancelTransposePairs(g: OnnxGraph): number {
  const outs = outputNames(g);
  let count = 0;
  for (let changed = true; changed; ) {
    changed = false;
    const prod = producers(g);
    for (const n of g.nodes) {
      if (n.op !== 'Transpose' || outs.has(n.outputs[0] as string)) continue;
      const a = prod.get(n.inputs[0] as string);
      if (!a || a.op !== 'Transpose') continue;
      const p = intsAttr(a, 'perm', []);
      const q = intsAttr(n, 'perm', []);
      if (p.length === 0 || p.length !== q.length || !q.every((qi, i) => p[qi] === i)) continue;
      const out = n.outputs[0] as string;
      if (!consumers(g).get(out)) continue; // already bypassed
      replaceUses(g, out, a.inputs[0] as string);
      count++;
      changed = true;
    }
  }
  return count;
}

/** Conv → [to NHWC → Add(bias[C]) → to NCHW (one or more)] or Conv → Add(bias[1,C,1,1]): the bias joins the Conv. */
export function foldChannelBias(g: OnnxGraph): number {
  const outs = outputNames(g);
  const readers = consumers(g);
  const only = (t: string): OnnxNode | null => {
    const r = readers.get(t);
    return r && r.length === 1 && !outs.has(t) ? (r[0] as OnnxNode) : null;
  };
  let count = 0;
  for (const conv of g.nodes) {
    if (conv.op !== 'Conv') continue;
    const w = g.initializers.get(conv.inputs[1] ?? '');
    if (!w || w.shape.length !== 4) continue;
    const channels = w.shape[0] as number;
    const out = conv.outputs[0] as string;
    const first = only(out);
    let add: OnnxNode | null;
    let ends: OnnxNode[];
    let data = out;
    if (first?.op === 'Transpose' && same(intsAttr(first, 'perm', []), TO_NHWC)) {
      // The NHWC sum may feed several readers; each must turn it straight back into NCHW.
      data = first.outputs[0] as string;
      add = only(data);
      const after = add && !outs.has(add.outputs[0] as string) ? (readers.get(add.outputs[0] as string) ?? []) : [];
      if (add?.op !== 'Add' || after.length === 0 || !after.every((t) => t.op === 'Transpose' && same(intsAttr(t, 'perm', []), TO_NCHW))) continue;
      ends = after;
    } else if (first?.op === 'Add') {
      add = first;
      ends = [first];
    } else continue;
    const bias = biasOperand(g, add, data, channels, data !== out);
    if (!bias) continue;
    const name = `${conv.name}/bias`;
    const old = conv.inputs[2] ? g.initializers.get(conv.inputs[2]) : undefined;
    if (conv.inputs[2] && !old) continue;
    g.initializers.set(name, makeTensor('float32', [channels], Array.from(bias, (b, i) => b + ((old?.data[i] as number | undefined) ?? 0))));
    conv.inputs = [conv.inputs[0] as string, conv.inputs[1] as string, name];
    for (const end of ends) replaceUses(g, end.outputs[0] as string, out);
    count++;
  }
  return count;
}

/** The per-channel values of the Add's constant operand, if it is one in the expected layout. */
function biasOperand(g: OnnxGraph, add: OnnxNode, data: string, channels: number, nhwc: boolean): Float32Array | null {
  const other = add.inputs[0] === data ? add.inputs[1] : add.inputs[1] === data ? add.inputs[0] : undefined;
  const c: ConstTensor | undefined = other ? g.initializers.get(other) : undefined;
  if (!c || c.dtype !== 'float32' || c.data.length !== channels) return null;
  const dims = c.shape.filter((d) => d !== 1);
  if (dims.length > 1) return null;
  // The channel axis must be the one the constant varies along (last in NHWC, second in NCHW).
  const axis = c.shape.findIndex((d) => d === channels);
  const fromEnd = c.shape.length - axis;
  if (channels > 1 && (nhwc ? fromEnd !== 1 : fromEnd !== 3)) return null;
  return c.data as Float32Array;
}

/** A spatial constant Pad in front of Conv (value 0) or MaxPool (value -inf) becomes their pads. */
export function foldPads(g: OnnxGraph): number {
  const readers = consumers(g);
  const outs = outputNames(g);
  let count = 0;
  for (const pad of g.nodes) {
    if (pad.op !== 'Pad' || strAttr(pad, 'mode', 'constant') !== 'constant') continue;
    const out = pad.outputs[0] as string;
    const users = readers.get(out) ?? [];
    if (users.length === 0 || outs.has(out)) continue;
    const p = g.initializers.get(pad.inputs[1] ?? '');
    if (!p || p.data.length !== 8) continue;
    const v = Array.from(p.data);
    if (v.some((x) => x < 0) || v[0] !== 0 || v[1] !== 0 || v[4] !== 0 || v[5] !== 0) continue;
    const value = padValue(g, pad);
    if (value === null) continue;
    const fits = (n: OnnxNode) =>
      n.inputs[0] === out &&
      !n.inputs.slice(1).includes(out) &&
      strAttr(n, 'auto_pad', 'NOTSET') === 'NOTSET' &&
      ((n.op === 'Conv' && value === 0) || (n.op === 'MaxPool' && value === -Infinity));
    if (!users.every(fits)) continue;
    for (const n of users) {
      const [hb, wb, he, we] = intsAttr(n, 'pads', [0, 0, 0, 0]);
      if (hb === undefined || wb === undefined || he === undefined || we === undefined) throw new AppError('model_invalid', `${n.name}: pads of a 2-D window need 4 values`);
      n.attrs = { ...n.attrs, pads: { ints: [hb + (v[2] as number), wb + (v[3] as number), he + (v[6] as number), we + (v[7] as number)] } };
      n.inputs[0] = pad.inputs[0] as string;
    }
    count++;
  }
  return count;
}

/** The Pad's constant fill (0 when omitted), or null when it is not a constant scalar. */
function padValue(g: OnnxGraph, pad: OnnxNode): number | null {
  const name = pad.inputs[2];
  if (!name) return 0;
  const c = g.initializers.get(name);
  return c && c.data.length === 1 ? (c.data[0] as number) : null;
}

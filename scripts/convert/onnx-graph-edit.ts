// Small queries and edits over an OnnxGraph that every post-conversion pass needs: who produces and
// who reads a tensor, rewiring readers, and dropping what no output needs any more.
import { type OnnxGraph, type OnnxNode } from './onnx-graph';

export function producers(g: OnnxGraph): Map<string, OnnxNode> {
  const m = new Map<string, OnnxNode>();
  for (const n of g.nodes) for (const o of n.outputs) if (o) m.set(o, n);
  return m;
}

export function consumers(g: OnnxGraph): Map<string, OnnxNode[]> {
  const m = new Map<string, OnnxNode[]>();
  for (const n of g.nodes) {
    for (const i of n.inputs) {
      if (!i) continue;
      const list = m.get(i);
      if (list) {
        if (!list.includes(n)) list.push(n);
      } else m.set(i, [n]);
    }
  }
  return m;
}

export function outputNames(g: OnnxGraph): Set<string> {
  return new Set(g.outputs.map((o) => o.name ?? ''));
}

/** Makes every node that reads `from` read `to` instead (graph outputs keep their names). */
export function replaceUses(g: OnnxGraph, from: string, to: string): void {
  for (const n of g.nodes) n.inputs = n.inputs.map((i) => (i === from ? to : i));
}

/** Drops nodes no graph output depends on, then initializers no node reads. */
export function removeDead(g: OnnxGraph): OnnxGraph {
  const prod = producers(g);
  const live = new Set<OnnxNode>();
  const stack = [...outputNames(g)];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const t = stack.pop() as string;
    if (seen.has(t)) continue;
    seen.add(t);
    const n = prod.get(t);
    if (!n || live.has(n)) continue;
    live.add(n);
    for (const i of n.inputs) if (i) stack.push(i);
  }
  const nodes = g.nodes.filter((n) => live.has(n));
  const read = new Set(nodes.flatMap((n) => n.inputs));
  const initializers = new Map([...g.initializers].filter(([k]) => read.has(k)));
  return { ...g, nodes, initializers };
}

/** The value of an int/ints attribute, or `fallback` when absent. */
export function intsAttr(n: OnnxNode, name: string, fallback: number[]): number[] {
  const a = n.attrs[name];
  if (!a) return fallback;
  if ('ints' in a) return [...a.ints];
  if ('int' in a) return [a.int];
  return fallback;
}

export function strAttr(n: OnnxNode, name: string, fallback: string): string {
  const a = n.attrs[name];
  return a && 'str' in a ? a.str : fallback;
}

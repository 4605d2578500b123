// Structural passes over the working graph: topological order and removal of nodes no output needs.
import { topoSort } from './topo-sort';
import { type TfGraph, parseRef, tensorName } from './tf-graph';

/** Orders nodes so each follows the nodes it reads (TFJS files are not always in that order). */
export function sortNodes(graph: TfGraph): TfGraph {
  return { ...graph, nodes: topoSort(graph.nodes, (n) => n.name, (n) => n.inputs.map((r) => r.node)) };
}

/** Drops nodes and constants that no graph output depends on (e.g. inputs of folded constants). */
export function pruneUnreachable(graph: TfGraph): TfGraph {
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const liveNodes = new Set<string>();
  const liveTensors = new Set<string>();
  const stack = graph.outputs.map((o) => parseRef(o)?.node ?? o);
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (liveNodes.has(name)) continue;
    const node = byName.get(name);
    if (!node) continue;
    liveNodes.add(name);
    for (const r of node.inputs) {
      liveTensors.add(tensorName(r));
      stack.push(r.node);
    }
  }
  const consts = new Map([...graph.consts].filter(([k]) => liveTensors.has(k)));
  const inputs = graph.inputs.filter((i) => liveTensors.has(i.name));
  return { ...graph, nodes: graph.nodes.filter((n) => liveNodes.has(n.name)), consts, inputs };
}

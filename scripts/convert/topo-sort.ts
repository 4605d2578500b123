// Orders graph nodes so every node comes after the nodes it reads. TFJS graph files do not promise
// topological order and ONNX requires it. A depth-first walk in the original order: the result is
// deterministic, and a graph that is already sorted comes back unchanged.
import { AppError } from '../../server/src/lib/errors';

const VISITING = 1;
const DONE = 2;

/**
 * Sorts `items` so that each comes after every item it depends on. `deps` may name things that are
 * not items (graph inputs, constants): those are ignored. A cycle is a clear error.
 */
export function topoSort<T>(items: readonly T[], key: (item: T) => string, deps: (item: T) => readonly string[]): T[] {
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    if (index.has(k)) throw new AppError('model_invalid', `graph has two nodes named "${k}"`);
    index.set(k, i);
  });
  const state = new Uint8Array(items.length);
  const order: T[] = [];
  // An explicit stack instead of recursion: long chains must not overflow the call stack.
  for (let root = 0; root < items.length; root++) {
    if (state[root] === DONE) continue;
    const stack: { i: number; deps: number[]; next: number }[] = [{ i: root, deps: depIndices(root), next: 0 }];
    state[root] = VISITING;
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { i: number; deps: number[]; next: number };
      if (top.next < top.deps.length) {
        const d = top.deps[top.next++] as number;
        if (state[d] === DONE) continue;
        if (state[d] === VISITING) {
          const cycle = stack.slice(stack.findIndex((f) => f.i === d)).map((f) => key(items[f.i] as T));
          throw new AppError('model_invalid', `graph has a cycle: ${cycle.join(' → ')} → ${key(items[d] as T)}`);
        }
        state[d] = VISITING;
        stack.push({ i: d, deps: depIndices(d), next: 0 });
      } else {
        state[top.i] = DONE;
        order.push(items[top.i] as T);
        stack.pop();
      }
    }
  }
  return order;

  function depIndices(i: number): number[] {
    const out: number[] = [];
    for (const d of deps(items[i] as T)) {
      const j = index.get(d);
      if (j !== undefined) out.push(j);
    }
    return out;
  }
}

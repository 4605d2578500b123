import { topoSort } from '../../../../scripts/convert/topo-sort';
import { AppError } from '../../../../server/src/lib/errors';

interface N {
  name: string;
  deps: string[];
}
const sort = (nodes: N[]) => topoSort(nodes, (n) => n.name, (n) => n.deps).map((n) => n.name);
const n = (name: string, ...deps: string[]): N => ({ name, deps });

describe('topoSort', () => {
  it('leaves a sorted graph unchanged', () => {
    expect(sort([n('a'), n('b', 'a'), n('c'), n('d', 'b', 'c')])).toEqual(['a', 'b', 'c', 'd']);
  });

  it('puts producers before consumers in a reversed chain', () => {
    expect(sort([n('d', 'c'), n('c', 'b'), n('b', 'a'), n('a')])).toEqual(['a', 'b', 'c', 'd']);
  });

  it('orders a diamond given out of order: depth-first, inputs in the order the consumer lists them', () => {
    const order = sort([n('out', 'left', 'right'), n('right', 'in'), n('left', 'in'), n('in')]);
    expect(order).toEqual(['in', 'left', 'right', 'out']);
  });

  it('ignores dependencies that are not nodes (graph inputs, constants, second outputs)', () => {
    expect(sort([n('b', 'a', 'weights'), n('a', 'input_1')])).toEqual(['a', 'b']);
  });

  it('counts a node used twice by the same consumer once', () => {
    expect(sort([n('sq', 'x', 'x'), n('x')])).toEqual(['x', 'sq']);
  });

  it('rejects a cycle with a clear error naming it', () => {
    const run = () => sort([n('a', 'c'), n('b', 'a'), n('c', 'b'), n('d')]);
    expect(run).toThrow(AppError);
    expect(run).toThrow(/cycle: a → c → b → a/);
  });

  it('rejects duplicate node names', () => {
    expect(() => sort([n('a'), n('a')])).toThrow(/two nodes named "a"/);
  });

  it('handles a chain far deeper than the call stack would allow recursively', () => {
    const chain = Array.from({ length: 50_000 }, (_, i) => n(`n${i}`, ...(i > 0 ? [`n${i - 1}`] : []))).reverse();
    const order = sort(chain);
    expect(order[0]).toBe('n0');
    expect(order[order.length - 1]).toBe('n49999');
  });
});

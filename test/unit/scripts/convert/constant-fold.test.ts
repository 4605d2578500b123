import { broadcastBinary, foldConstants } from '../../../../scripts/convert/constant-fold';
import { type ConstTensor, makeTensor } from '../../../../scripts/convert/tensor';
import { type TfGraph } from '../../../../scripts/convert/tf-graph';

const i64 = (shape: number[], v: number[]): ConstTensor => makeTensor('int64', shape, v);
const ref = (node: string) => ({ node, index: 0 });

function graphWith(consts: Record<string, ConstTensor>, nodes: TfGraph['nodes'], outputs: string[]): TfGraph {
  return { nodes, consts: new Map(Object.entries(consts)), inputs: [{ name: 'x', dtype: 'float32', shape: [1, 80, 4] }], outputs };
}

describe('foldConstants', () => {
  it('folds NanoDet\'s reshape bookkeeping: empty SparseToDense added to [1, 80, -1]', () => {
    const g = graphWith(
      { where: i64([0, 1], []), dims: i64([1], [3]), values: i64([0], []), zero: i64([], [0]), target: i64([3], [1, 80, -1]) },
      [
        { name: 'std', op: 'SparseToDense', inputs: ['where', 'dims', 'values', 'zero'].map(ref), attr: {} },
        { name: 'shape', op: 'AddV2', inputs: [ref('target'), ref('std')], attr: {} },
        { name: 'out', op: 'Reshape', inputs: [ref('x'), ref('shape')], attr: {} },
      ],
      ['out'],
    );
    const folded = foldConstants(g);
    expect(folded.nodes.map((n) => n.name)).toEqual(['out']);
    expect(folded.consts.get('std')).toEqual({ dtype: 'int64', shape: [3], data: Int32Array.from([0, 0, 0]) });
    expect(folded.consts.get('shape')).toEqual({ dtype: 'int64', shape: [3], data: Int32Array.from([1, 80, -1]) });
  });

  it('writes SparseToDense values at 2-D indices over the default', () => {
    const g = graphWith(
      { idx: i64([2, 2], [0, 1, 1, 2]), dims: i64([2], [2, 3]), values: i64([2], [7, 9]), fill: i64([], [-1]) },
      [{ name: 'd', op: 'SparseToDense', inputs: ['idx', 'dims', 'values', 'fill'].map(ref), attr: {} }],
      ['other'],
    );
    expect(Array.from(foldConstants(g).consts.get('d')?.data ?? [])).toEqual([-1, 7, -1, -1, -1, 9]);
  });

  it('keeps a node that reads a computed tensor, and never folds a graph output', () => {
    const g = graphWith(
      { a: i64([1], [1]), b: i64([1], [2]) },
      [
        { name: 'sum', op: 'Add', inputs: [ref('a'), ref('b')], attr: {} },
        { name: 'y', op: 'Add', inputs: [ref('x'), ref('a')], attr: {} },
      ],
      ['sum', 'y'],
    );
    expect(foldConstants(g).nodes.map((n) => n.name)).toEqual(['sum', 'y']);
  });
});

describe('broadcastBinary', () => {
  it('broadcasts a row against a column', () => {
    const r = broadcastBinary(makeTensor('int32', [1, 3], [1, 2, 3]), makeTensor('int32', [2, 1], [10, 20]), (x, y) => x + y, 't');
    expect(r.shape).toEqual([2, 3]);
    expect(Array.from(r.data)).toEqual([11, 12, 13, 21, 22, 23]);
  });

  it('broadcasts a scalar', () => {
    const r = broadcastBinary(makeTensor('float32', [2], [1.5, 2.5]), makeTensor('float32', [], [1]), (x, y) => x + y, 't');
    expect(Array.from(r.data)).toEqual([2.5, 3.5]);
  });

  it('rejects shapes that do not broadcast', () => {
    expect(() => broadcastBinary(makeTensor('int32', [2], [1, 2]), makeTensor('int32', [3], [1, 2, 3]), (x, y) => x + y, 'n')).toThrow(
      /n: shapes \[2\] and \[3\] do not broadcast/,
    );
  });
});

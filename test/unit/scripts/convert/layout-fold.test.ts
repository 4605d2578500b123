import { cancelTransposePairs, foldChannelBias, foldLayout, foldPads } from '../../../../scripts/convert/layout-fold';
import type { OnnxGraph } from '../../../../scripts/convert/onnx-graph';
import { makeTensor } from '../../../../scripts/convert/tensor';
import { T_NCHW, T_NHWC, converterStyleModel, node, valueInfo } from '../../../helpers/qdq-fixture';

const weights = { w: makeTensor('float32', [2, 1, 3, 3], new Array<number>(18).fill(0.5)), bias: [1, -2] };

function tiny(nodes: OnnxGraph['nodes'], inits: [string, ReturnType<typeof makeTensor>][], output = 'y'): OnnxGraph {
  return { name: 't', nodes, initializers: new Map(inits), inputs: [valueInfo('x', [1, 2, 4, 4])], outputs: [valueInfo(output, [1])] };
}

describe('foldLayout on a converter-style block', () => {
  it('leaves Conv(bias, pads) → LeakyRelu / Concat → MaxPool(pads), and reports each fold', () => {
    const { graph, report } = foldLayout(converterStyleModel(1, 4, 4, weights).graph);
    expect(report).toEqual({ transposePairs: 1, biasAdds: 1, pads: 2 });
    expect(graph.nodes.map((n) => n.op)).toEqual(['Conv', 'LeakyRelu', 'Concat', 'MaxPool']);
    const [conv, act, cat, pool] = graph.nodes;
    expect(conv?.inputs).toEqual(['x', 'w', 'conv/bias']);
    expect(conv?.attrs.pads).toEqual({ ints: [1, 1, 1, 1] });
    expect(Array.from(graph.initializers.get('conv/bias')?.data ?? [])).toEqual([1, -2]);
    // Both NCHW readers of the NHWC sum now read the Conv's output.
    expect(act?.inputs).toEqual(['conv/out']);
    expect(cat?.inputs).toEqual(['act', 'conv/out']);
    expect(pool?.inputs).toEqual(['cat']);
    expect(pool?.attrs.pads).toEqual({ ints: [0, 0, 1, 1] });
    // Dead nodes and constants are gone.
    expect([...graph.initializers.keys()].sort()).toEqual(['conv/bias', 'w']);
  });
});

describe('what is left alone', () => {
  const conv = (input: string) => node('Conv', 'conv', [input, 'w'], ['y'], { kernel_shape: { ints: [1, 1] } });
  const w = makeTensor('float32', [2, 2, 1, 1], [1, 0, 0, 1]);

  it('a Pad with a non-zero fill in front of a Conv', () => {
    const g = tiny([node('Pad', 'p', ['x', 'pads', 'one'], ['xp']), conv('xp')], [['pads', makeTensor('int64', [8], [0, 0, 1, 1, 0, 0, 1, 1])], ['one', makeTensor('float32', [], [1])], ['w', w]]);
    expect(foldPads(g)).toBe(0);
  });

  it('a Pad on the channel axis', () => {
    const g = tiny([node('Pad', 'p', ['x', 'pads'], ['xp']), conv('xp')], [['pads', makeTensor('int64', [8], [0, 1, 0, 0, 0, 0, 0, 0])], ['w', w]]);
    expect(foldPads(g)).toBe(0);
  });

  it('a zero Pad before a MaxPool (zeros may beat negative values)', () => {
    const g = tiny([node('Pad', 'p', ['x', 'pads'], ['xp']), node('MaxPool', 'm', ['xp'], ['y'], { kernel_shape: { ints: [2, 2] } })], [['pads', makeTensor('int64', [8], [0, 0, 1, 1, 0, 0, 1, 1])]]);
    expect(foldPads(g)).toBe(0);
  });

  it('an NHWC Add whose constant varies along another axis than the channels', () => {
    const g = tiny(
      [
        conv('x'),
        node('Transpose', 't1', ['y'], ['yh'], T_NHWC),
        node('Add', 'add', ['yh', 'c'], ['s']),
        node('Transpose', 't2', ['s'], ['z'], T_NCHW),
      ],
      [['w', w], ['c', makeTensor('float32', [1, 2, 1, 1], [1, 2])]],
      'z',
    );
    expect(foldChannelBias(g)).toBe(0);
  });

  it('transposes that do not undo each other, and one whose output is a graph output', () => {
    const g = tiny([node('Transpose', 'a', ['x'], ['xa'], T_NHWC), node('Transpose', 'b', ['xa'], ['y'], T_NHWC)], []);
    expect(cancelTransposePairs(g)).toBe(0);
    const h = tiny([node('Transpose', 'a', ['x'], ['xa'], T_NHWC), node('Transpose', 'b', ['xa'], ['y'], T_NCHW)], []);
    expect(cancelTransposePairs(h)).toBe(0);
  });
});

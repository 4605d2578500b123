import type { OnnxGraph } from '../../../../scripts/convert/onnx-graph';
import { headConvs, planQdq } from '../../../../scripts/convert/qdq-plan';
import { makeTensor } from '../../../../scripts/convert/tensor';
import { node, valueInfo } from '../../../helpers/qdq-fixture';

// x → c1 → a1 → pool → c2 → up (Resize) ─┐
//                 └──────────────────────→ sum (Add) → cat (Concat with a1) → c3 (head) → sig → y
//                                                    plus: k = Add(c3's output, const) → z
function graph(): OnnxGraph {
  const w = makeTensor('float32', [1, 1, 1, 1], [1]);
  return {
    name: 'plan',
    nodes: [
      node('Conv', 'c1', ['x', 'w'], ['t1']),
      node('LeakyRelu', 'a1', ['t1'], ['t2']),
      node('MaxPool', 'pool', ['t2'], ['t3']),
      node('Conv', 'c2', ['t3', 'w'], ['t4']),
      node('Resize', 'up', ['t4', '', '', 'sizes'], ['t5']),
      node('Add', 'sum', ['t5', 't2'], ['t6']),
      node('Concat', 'cat', ['t6', 't2'], ['t7'], { axis: { int: 1 } }),
      node('Conv', 'c3', ['t7', 'w'], ['t8']),
      node('Sigmoid', 'sig', ['t8'], ['y']),
      node('Add', 'k', ['t8', 'one'], ['z']),
    ],
    initializers: new Map([
      ['w', w],
      ['sizes', makeTensor('int64', [4], [1, 1, 4, 4])],
      ['one', makeTensor('float32', [1], [1])],
    ]),
    inputs: [valueInfo('x', [1, 1, 4, 4])],
    outputs: [valueInfo('y', [1]), valueInfo('z', [1])],
  };
}

describe('planQdq', () => {
  it('everything quantisable in int8: activations in graph order, MaxPool and Resize tied to their inputs', () => {
    const p = planQdq(graph(), { floatFirstConv: false, floatHeads: false });
    // `k` adds a constant (no QDQ form) and writes a graph output; Sigmoid is not quantisable.
    expect([...p.nodes]).toEqual(['c1', 'a1', 'pool', 'c2', 'up', 'sum', 'cat', 'c3']);
    expect(p.tensors).toEqual(['x', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8']);
    expect([...p.tied]).toEqual([
      ['t3', 't2'],
      ['t5', 't4'],
    ]);
  });

  it('float first Conv and heads: their own tensors drop out unless a neighbour still needs them', () => {
    const p = planQdq(graph(), { floatFirstConv: true, floatHeads: true });
    expect(p.nodes.has('c1')).toBe(false);
    expect(p.nodes.has('c3')).toBe(false);
    // x is read only by the float c1; t1 is still the int8 LeakyRelu's input; t8 only the head's output.
    expect(p.tensors).toEqual(['t1', 't2', 't3', 't4', 't5', 't6', 't7']);
  });

  it('keepFloat by name', () => {
    const p = planQdq(graph(), { floatFirstConv: false, floatHeads: false, keepFloat: ['sum'] });
    expect(p.nodes.has('sum')).toBe(false);
    expect(p.tensors).toContain('t6'); // still the Concat's input
  });
});

describe('headConvs', () => {
  it('finds the Convs with no other Conv between them and an output', () => {
    expect(headConvs(graph()).map((n) => n.name)).toEqual(['c3']);
  });
});

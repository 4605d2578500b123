import { onnx } from 'onnx-proto';
import { encodeModel } from '../../../../scripts/convert/onnx-writer';
import { decodeOnnx, encodeOnnx } from '../../../../scripts/convert/onnx-graph';
import { makeTensor } from '../../../../scripts/convert/tensor';
import { node, valueInfo } from '../../../helpers/qdq-fixture';

describe('decodeOnnx / encodeOnnx', () => {
  it('round-trips every initializer type and attribute kind the passes use', () => {
    const inits = new Map([
      ['f', makeTensor('float32', [2], [1.5, -Infinity])],
      ['i32', makeTensor('int32', [2], [-7, 2147483647])],
      ['i64', makeTensor('int64', [3], [0, -1, 123456])],
      ['s8', makeTensor('int8', [3], [-128, 0, 127])],
      ['u8', makeTensor('uint8', [], [255])],
    ]);
    const n = node('Custom', 'n', ['x', 'f', 'i32', 'i64', 's8', 'u8'], ['y'], { k: { int: 3 }, ks: { ints: [1, -2] }, f: { float: 0.5 }, s: { str: 'constant' } });
    const model = { graph: { name: 'g', nodes: [n], initializers: inits, inputs: [valueInfo('x', [1])], outputs: [valueInfo('y', [1])] }, meta: { producerName: 'p', producerVersion: '1', docString: 'd' } };
    const back = decodeOnnx(encodeOnnx(model));
    expect(back.graph.nodes).toEqual([n]);
    expect(back.graph.initializers).toEqual(inits);
    expect(back.meta).toEqual(model.meta);
    expect(back.graph.inputs[0]?.name).toBe('x');
  });

  it('writes only initializers some node reads, in first-use order', () => {
    const inits = new Map([
      ['unused', makeTensor('float32', [1], [0])],
      ['b', makeTensor('float32', [1], [2])],
      ['a', makeTensor('float32', [1], [1])],
    ]);
    const graph = { name: 'g', nodes: [node('Add', 'add', ['a', 'b'], ['y'])], initializers: inits, inputs: [], outputs: [valueInfo('y', [1])] };
    const m = onnx.ModelProto.decode(encodeOnnx({ graph, meta: { producerName: 'p', producerVersion: '1' } }));
    expect(m.graph?.initializer?.map((t) => t.name)).toEqual(['a', 'b']);
  });

  it('clear errors for bytes that are not ONNX and for models the passes cannot edit', () => {
    expect(() => decodeOnnx(Uint8Array.from([0xff, 0xff, 0xff]))).toThrow(expect.objectContaining({ code: 'model_invalid' }));
    const old = onnx.ModelProto.encode({ irVersion: 6, opsetImport: [{ domain: '', version: 11 }], graph: { name: 'g' } }).finish();
    expect(() => decodeOnnx(old)).toThrow(expect.objectContaining({ code: 'unsupported' }));
    const ms = encodeModel({ name: 'g', node: [{ opType: 'QLinearConv', domain: 'com.microsoft', name: 'q' }] }, { producerName: 'p', producerVersion: '1' });
    expect(() => decodeOnnx(ms)).toThrow(/domain com.microsoft/);
  });
});

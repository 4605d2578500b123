// Each TF op mapping, checked by running small converted graphs in onnxruntime against values
// worked out by hand from TF's semantics (NanoDet itself only uses some of the flags and paddings).
import * as ort from 'onnxruntime-node';
import { convertTfjsGraph } from '../../scripts/convert/convert-tfjs';
import { TfjsFixture, b64, ints } from '../helpers/tfjs-fixture';

async function run(f: TfjsFixture, outputs: string[], feed: Record<string, [number[], number[]]>, reverse = true): Promise<Record<string, number[]>> {
  const { model, weights } = f.build(outputs, reverse);
  const onnx = convertTfjsGraph(model, weights);
  const session = await ort.InferenceSession.create(onnx.model, { graphOptimizationLevel: 'all' });
  try {
    const inputs = Object.fromEntries(Object.entries(feed).map(([k, [shape, v]]) => [k, new ort.Tensor('float32', Float32Array.from(v), shape)]));
    const out = await session.run(inputs);
    return Object.fromEntries(outputs.map((o) => [o, Array.from(out[o]?.data as Float32Array)]));
  } finally {
    await session.release();
  }
}

const X3x3 = [1, 2, 3, 4, 5, 6, 7, 8, 9]; // NHWC [1, 3, 3, 1]

describe('converted TF ops run in onnxruntime with TF semantics', () => {
  it('Conv2D SAME stride 2 with fp16 weights and a bias Add; MaxPool SAME; PadV2 -inf + MaxPool VALID', async () => {
    const f = new TfjsFixture()
      .input('x', [1, 3, 3, 1])
      .half('k', [2, 2, 1, 1], [0x3c00, 0x3c00, 0x3c00, 0x3c00]) // all ones
      .half('bias', [1], [0x3800]) // 0.5
      .half('ninf', [], [0xfc00]) // -inf
      .constant('pads', 'DT_INT32', [4, 2], [0, 0, 1, 1, 1, 1, 0, 0])
      .op('conv', 'Conv2D', ['x', 'k'], { padding: { s: b64('SAME') }, data_format: { s: b64('NHWC') }, strides: ints(1, 2, 2, 1), dilations: ints(1, 1, 1, 1) })
      .op('conv_b', 'AddV2', ['conv', 'bias'])
      .op('pool', 'MaxPool', ['x'], { padding: { s: b64('SAME') }, data_format: { s: b64('NHWC') }, ksize: ints(1, 2, 2, 1), strides: ints(1, 2, 2, 1) })
      .op('padded', 'PadV2', ['x', 'pads', 'ninf'])
      .op('pool3', 'MaxPool', ['padded'], { padding: { s: b64('VALID') }, data_format: { s: b64('NHWC') }, ksize: ints(1, 3, 3, 1), strides: ints(1, 1, 1, 1) });
    const out = await run(f, ['conv_b', 'pool', 'pool3'], { x: [[1, 3, 3, 1], X3x3] });
    // SAME, stride 2 on 3: output 2, the one pixel of padding at the end (zeros).
    expect(out.conv_b).toEqual([1 + 2 + 4 + 5, 3 + 6, 7 + 8, 9].map((v) => v + 0.5));
    expect(out.pool).toEqual([5, 6, 8, 9]);
    // -inf border never wins a max
    expect(out.pool3).toEqual([5, 6, 6, 8, 9, 9, 8, 9, 9]);
  });

  it('ResizeBilinear: half_pixel_centers, align_corners and neither', async () => {
    const size = (name: string, h: number, w: number) => [name, 'DT_INT32', [2], [h, w]] as const;
    const f = new TfjsFixture().input('row', [1, 1, 2, 1]);
    for (const [n, t, s, v] of [size('s4', 1, 4), size('s3', 1, 3)]) f.constant(n, t, [...s], [...v]);
    f.op('half', 'ResizeBilinear', ['row', 's4'], { half_pixel_centers: { b: true }, align_corners: { b: false } })
      .op('corners', 'ResizeBilinear', ['row', 's3'], { half_pixel_centers: { b: false }, align_corners: { b: true } })
      .op('plain', 'ResizeBilinear', ['row', 's4'], { half_pixel_centers: { b: false }, align_corners: { b: false } });
    const out = await run(f, ['half', 'corners', 'plain'], { row: [[1, 1, 2, 1], [0, 1]] });
    expect(out.half).toEqual([0, 0.25, 0.75, 1]); // src = (i + 0.5) / 2 - 0.5, clamped
    expect(out.corners).toEqual([0, 0.5, 1]); // src = i * (2 - 1) / (3 - 1)
    expect(out.plain).toEqual([0, 0.5, 1, 1]); // src = i / 2, clamped
  });

  it('Add, LeakyRelu, Transpose, Reshape (int64 stored as int32), SplitV, ConcatV2, Sigmoid, Identity', async () => {
    const f = new TfjsFixture()
      .input('x', [1, 3, 3, 1])
      .constant('minus5', 'DT_FLOAT', [], [-5])
      .constant('perm', 'DT_INT32', [4], [0, 3, 2, 1])
      .constant('flat', 'DT_INT64', [2], [1, -1])
      .constant('sizes', 'DT_INT32', [2], [4, -1])
      .constant('axis', 'DT_INT32', [], [1])
      .op('shift', 'Add', ['x', 'minus5'])
      .op('leaky', 'LeakyRelu', ['shift'], { alpha: { f: 0.5 } })
      .op('tr', 'Transpose', ['leaky', 'perm']) // [1, 1, 3, 3]: columns become rows
      .op('row', 'Reshape', ['tr', 'flat'])
      .op('parts', 'SplitV', ['row', 'sizes', 'axis'], { num_split: { i: '2' } })
      .op('swapped', 'ConcatV2', ['parts:1', 'parts', 'axis'], { N: { i: '2' } })
      .op('sig', 'Sigmoid', ['parts'])
      .op('out', 'Identity', ['swapped']);
    const out = await run(f, ['out', 'sig'], { x: [[1, 3, 3, 1], X3x3] });
    // x - 5 = [-4..4]; leaky 0.5; transposed (column-major): -2, -0.5, 2, -1.5, 0, 3, -1, 1, 4
    expect(out.out).toEqual([0, 3, -1, 1, 4, -2, -0.5, 2, -1.5]);
    expect(out.sig?.map((v) => Math.round(v * 1e6) / 1e6)).toEqual([-2, -0.5, 2, -1.5].map((v) => Math.round(1e6 / (1 + Math.exp(-v))) / 1e6));
  });

  it('gives the same bytes for the same graph, whatever the node order in the file', () => {
    const make = () =>
      new TfjsFixture()
        .input('x', [1, 2, 2, 1])
        .constant('c', 'DT_FLOAT', [], [1])
        .op('a', 'Add', ['x', 'c'])
        .op('b', 'Sigmoid', ['a']);
    const sorted = make().build(['b'], false);
    const reversed = make().build(['b'], true);
    const one = Buffer.from(convertTfjsGraph(sorted.model, sorted.weights).model);
    const again = Buffer.from(convertTfjsGraph(sorted.model, sorted.weights).model);
    const fromReversed = Buffer.from(convertTfjsGraph(reversed.model, reversed.weights).model);
    expect(again.equals(one)).toBe(true);
    expect(fromReversed.equals(one)).toBe(true);
  });
});

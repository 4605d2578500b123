import { rewriteInputSize } from '../../../../scripts/convert/input-size';
import { inferShapes } from '../../../../scripts/convert/shape-inference';
import { buildGraph } from '../../../../scripts/convert/tf-graph';
import { parseTfjsModelJson, readWeights } from '../../../../scripts/convert/tfjs-model';
import { AppError } from '../../../../server/src/lib/errors';
import { TfjsFixture, b64, ints } from '../../../helpers/tfjs-fixture';

describe('reading TFJS weights', () => {
  it('decodes float16 weights, float32 weights and int64 constants stored as int32', () => {
    const { model, weights } = new TfjsFixture()
      .half('h', [3], [0x3c00, 0xc000, 0x0001])
      .constant('f', 'DT_FLOAT', [2], [0.1, -3])
      .constant('shape', 'DT_INT64', [3], [1, 80, -1])
      .op('y', 'Identity', ['f'])
      .build(['y']);
    const graph = buildGraph(model, weights).consts;
    expect(graph.get('h')).toEqual({ dtype: 'float32', shape: [3], data: Float32Array.from([1, -2, 2 ** -24]) });
    expect(graph.get('f')).toEqual({ dtype: 'float32', shape: [2], data: Float32Array.from([0.1, -3]) });
    expect(graph.get('shape')).toEqual({ dtype: 'int64', shape: [3], data: Int32Array.from([1, 80, -1]) });
  });

  it('refuses weight files shorter or longer than the manifest says', () => {
    const { model, weights } = new TfjsFixture().constant('f', 'DT_FLOAT', [2], [1, 2]).build([]);
    expect(() => readWeights(model, weights.subarray(0, 6), new Map())).toThrow(/weights end early/);
    expect(() => readWeights(model, new Uint8Array([...weights, 0, 0]), new Map())).toThrow(/covers 8 bytes but the weight files hold 10/);
  });

  it('refuses a float weight declared as an integer constant', () => {
    const { model, weights } = new TfjsFixture().constant('f', 'DT_FLOAT', [1], [1]).build([]);
    expect(() => readWeights(model, weights, new Map([['f', 'int64']]))).toThrow(/stored as float32 but the graph declares int64/);
  });

  it('refuses affine-quantized (uint8) weights with a clear error', () => {
    const { model, weights } = new TfjsFixture().constant('f', 'DT_FLOAT', [4], [1, 2, 3, 4]).build([]);
    const spec = model.weightsManifest[0]?.weights[0];
    if (spec) spec.quantization = { dtype: 'uint8', scale: 1, min: 0 };
    const err = (() => {
      try {
        readWeights(model, weights, new Map());
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('unsupported');
  });

  it('rejects text that is not a graph model', () => {
    expect(() => parseTfjsModelJson('{')).toThrow(/not JSON/);
    expect(() => parseTfjsModelJson('{"format":"layers-model"}')).toThrow(/not a TFJS graph model/);
    expect(() => parseTfjsModelJson('{"modelTopology":{}}')).toThrow(/no modelTopology.node/);
  });
});

describe('input size rewrite', () => {
  // NCHW input → NHWC conv → upsample by the constant size [H/4 * 2] as NanoDet's FPN does.
  function fpn(inputSize: number, resizeTo: number) {
    return new TfjsFixture()
      .input('x', [1, 3, inputSize, inputSize])
      .constant('to_nhwc', 'DT_INT32', [4], [0, 2, 3, 1])
      .constant('k', 'DT_FLOAT', [1, 1, 3, 2], [1, 0, 0, 1, 0, 0])
      .constant('size', 'DT_INT32', [2], [resizeTo, resizeTo])
      .op('t', 'Transpose', ['x', 'to_nhwc'])
      .op('c', 'Conv2D', ['t', 'k'], { padding: { s: b64('VALID') }, strides: ints(1, 4, 4, 1) })
      .op('up', 'ResizeBilinear', ['c', 'size'], { half_pixel_centers: { b: true } })
      .build(['up']);
  }

  it('scales the input shape and the resize targets together', () => {
    const { model, weights } = fpn(416, 208);
    const g = rewriteInputSize(buildGraph(model, weights), { width: 320, height: 320 }, 'nchw');
    expect(g.inputs[0]?.shape).toEqual([1, 3, 320, 320]);
    const shapes = inferShapes(g);
    expect(shapes.get('c')).toEqual([1, 80, 80, 2]);
    expect(shapes.get('up')).toEqual([1, 160, 160, 2]);
  });

  it('refuses a size the resize targets cannot follow exactly', () => {
    const { model, weights } = fpn(416, 13);
    expect(() => rewriteInputSize(buildGraph(model, weights), { width: 300, height: 300 }, 'nchw')).toThrow(/does not scale to an integer size/);
  });

  it('changes nothing for the original size', () => {
    const { model, weights } = fpn(416, 208);
    const g = buildGraph(model, weights);
    expect(rewriteInputSize(g, { width: 416, height: 416 }, 'nchw')).toBe(g);
  });
});

// The int8 pass on a small hand-built graph in our converter's shape, run by the real onnxruntime:
// layout folding keeps float results, the QDQ graph with hand-picked scales fuses into int8
// kernels and stays within the quantisation steps of float, and calibration reports the ranges a
// hand computation gives.
import * as ort from 'onnxruntime-node';
import { collectStats } from '../../../scripts/convert/calibrate';
import { foldLayout } from '../../../scripts/convert/layout-fold';
import { type OnnxModel, encodeOnnx } from '../../../scripts/convert/onnx-graph';
import { insertQdq } from '../../../scripts/convert/qdq-insert';
import { planQdq } from '../../../scripts/convert/qdq-plan';
import type { QuantParams } from '../../../scripts/convert/quant-math';
import { makeTensor } from '../../../scripts/convert/tensor';
import { optimisedOps } from '../../../scripts/eval/ort-fusion';
import { converterStyleModel } from '../../helpers/qdq-fixture';

const C = 2;
const H = 6;
const W = 6;
const OUT = 2;

// Everything on exact binary grids, so the int8 convolution's accumulator is exact and the only
// errors are the requantisations: weights k/128 (one k = 127 per channel, so the per-channel scale
// is exactly 1/128), inputs (q - 128)/32, bias m/4096 (= m · input scale · weight scale).
const wq = Array.from({ length: OUT * C * 9 }, (_, i) => ((i * 37) % 255) - 127);
wq[0] = 127;
wq[C * 9] = -127;
const weights = { w: makeTensor('float32', [OUT, C, 3, 3], wq.map((k) => k / 128)), bias: [300 / 4096, -1000 / 4096] };
const input = Float32Array.from({ length: C * H * W }, (_, i) => (((i * 97 + 13) % 256) - 128) / 32);

/** Hand-picked parameters (not calibrated): a uint8 grid per tensor that covers its values. */
const P = (scale: number, zeroPoint: number): QuantParams => ({ type: 'uint8', scale, zeroPoint });
const PARAMS = new Map<string, QuantParams>([
  ['x', P(1 / 32, 128)],
  ['conv/out', P(0.25, 128)],
  ['act', P(0.125, 40)],
  ['cat', P(0.25, 128)],
]);

async function run(bytes: Uint8Array, level: 'disabled' | 'all' = 'all'): Promise<Float32Array> {
  const s = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: level, intraOpNumThreads: 1, logSeverityLevel: 3 });
  try {
    const out = await s.run({ x: new ort.Tensor('float32', input, [1, C, H, W]) });
    return out.y?.data as Float32Array;
  } finally {
    await s.release();
  }
}

/** conv 3x3, zero pad 1, + bias, by hand (NCHW), for the calibration check. */
function convByHand(): Float32Array {
  const out = new Float32Array(OUT * H * W);
  for (let o = 0; o < OUT; o++)
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        let acc = weights.bias[o] as number;
        for (let c = 0; c < C; c++)
          for (let ky = 0; ky < 3; ky++)
            for (let kx = 0; kx < 3; kx++) {
              const iy = y + ky - 1;
              const ix = x + kx - 1;
              if (iy < 0 || ix < 0 || iy >= H || ix >= W) continue;
              acc += (input[(c * H + iy) * W + ix] as number) * ((wq[((o * C + c) * 3 + ky) * 3 + kx] as number) / 128);
            }
        out[(o * H + y) * W + x] = acc;
      }
  return out;
}

const model = (): OnnxModel => converterStyleModel(C, H, W, weights);

describe('int8 QDQ pass on a hand-built graph', () => {
  it('layout folding changes no float result', async () => {
    const m = model();
    const folded = { ...m, graph: foldLayout(m.graph).graph };
    const a = await run(encodeOnnx(m), 'disabled');
    const b = await run(encodeOnnx(folded), 'disabled');
    expect(b.length).toBe(OUT * 2 * 3 * 3);
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('with known scales, onnxruntime fuses the int8 Conv and the output stays within the quantisation steps of float', async () => {
    const m = model();
    const graph = foldLayout(m.graph).graph;
    const plan = planQdq(graph, { floatFirstConv: false, floatHeads: false });
    // The MaxPool writes the graph output, so it stays float; everything before it is int8.
    expect([...plan.nodes].sort()).toEqual(['act', 'cat', 'conv']);
    expect(plan.tensors).toEqual(['x', 'conv/out', 'act', 'cat']);
    const q = encodeOnnx({ ...m, graph: insertQdq(graph, plan, PARAMS) });

    const ops = await optimisedOps(q);
    expect(ops['com.microsoft:QLinearConv']).toBe(1);
    expect(ops.Conv).toBeUndefined();

    const want = await run(encodeOnnx(m), 'disabled');
    const got = await run(q);
    // Error budget: conv requantised (0.25/2), LeakyRelu requantised (0.125/2), Concat requantised (0.25/2).
    const budget = (0.25 + 0.125 + 0.25) / 2 + 1e-6;
    let max = 0;
    for (let i = 0; i < want.length; i++) max = Math.max(max, Math.abs((got[i] as number) - (want[i] as number)));
    expect(max).toBeGreaterThan(0); // it really ran quantised
    expect(max).toBeLessThanOrEqual(budget);
    // Every output is a value of the Concat's uint8 grid (the MaxPool only picks among them).
    for (const v of got) expect(Math.abs(v / 0.25 - Math.round(v / 0.25))).toBeLessThan(1e-5);
  });

  it('calibration observes the ranges a hand computation gives', async () => {
    const m = model();
    const folded = { ...m, graph: foldLayout(m.graph).graph };
    const second = input.map((v) => -v / 2);
    const stats = await collectStats(folded, ['x', 'conv/out', 'act'], { samples: [input, second], dims: [1, C, H, W], histogramBins: 16 });
    const conv1 = convByHand();
    const extremes = (a: ArrayLike<number>): [number, number] => [Math.min(...Array.from(a)), Math.max(...Array.from(a))];
    const x = stats.get('x');
    expect([x?.sampleMins, x?.sampleMaxs]).toEqual([
      [extremes(input)[0], extremes(second)[0]],
      [extremes(input)[1], extremes(second)[1]],
    ]);
    const conv = stats.get('conv/out');
    expect(conv?.sampleMins[0]).toBeCloseTo(extremes(conv1)[0], 5);
    expect(conv?.sampleMaxs[0]).toBeCloseTo(extremes(conv1)[1], 5);
    const act = stats.get('act');
    const leaky = conv1.map((v) => (v < 0 ? 0.1 * v : v));
    expect(act?.sampleMins[0]).toBeCloseTo(extremes(leaky)[0], 5);
    expect(act?.sampleMaxs[0]).toBeCloseTo(extremes(leaky)[1], 5);
    // The histogram pass saw every value of both inputs.
    expect(act?.histogram?.counts.reduce((a, b) => a + b, 0)).toBe(2 * OUT * H * W);
  });

  it('calibration with no inputs is a clear error', async () => {
    const m = model();
    await expect(collectStats(m, ['x'], { samples: [], dims: [1, C, H, W], histogramBins: 0 })).rejects.toThrow(/at least one input/);
  });
});

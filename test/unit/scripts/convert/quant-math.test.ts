import { activationParams, dequantize, quantize, quantizeBias, quantizeWeights, roundHalfEven } from '../../../../scripts/convert/quant-math';
import { makeTensor } from '../../../../scripts/convert/tensor';

describe('roundHalfEven', () => {
  it.each([
    [0.5, 0],
    [1.5, 2],
    [2.5, 2],
    [-0.5, 0],
    [-1.5, -2],
    [-2.5, -2],
    [2.4999, 2],
    [-3.7, -4],
    [7, 7],
  ])('%p → %p', (x, want) => expect(roundHalfEven(x) + 0).toBe(want));
});

describe('activationParams', () => {
  // [lo, hi, type, scale, zero point], worked out by hand: uint8 scale = (hi - lo) / 255 over the
  // range widened to contain 0, zero point = round(-lo / scale); int8 scale = max|x| / 127.
  const TABLE: [number, number, 'uint8' | 'int8', number, number][] = [
    [0, 2.55, 'uint8', 0.01, 0],
    [-1, 3, 'uint8', 4 / 255, 64], // -(-1) / (4/255) = 63.75
    [-2.55, 0, 'uint8', 0.01, 255],
    [1, 2, 'uint8', 2 / 255, 0], // widened to [0, 2]
    [-0.51, 2.04, 'uint8', 0.01, 51],
    [-2, 1, 'int8', 2 / 127, 0],
    [0.5, 6.35, 'int8', 0.05, 0],
    [0, 0, 'uint8', 1e-6 / 255, 0], // a constant tensor still gets a positive scale
  ];
  it.each(TABLE)('[%p, %p] %s → scale %p, zero point %p', (lo, hi, type, scale, zp) => {
    const p = activationParams(lo, hi, type);
    expect(p.scale).toBe(Math.fround(scale));
    expect(p.zeroPoint).toBe(zp);
  });

  it('rejects a reversed or non-finite range', () => {
    expect(() => activationParams(2, 1, 'uint8')).toThrow(/cannot quantise/);
    expect(() => activationParams(0, Infinity, 'uint8')).toThrow(/cannot quantise/);
  });
});

describe('quantize / dequantize', () => {
  const u8 = { type: 'uint8' as const, scale: 0.5, zeroPoint: 10 };
  it.each([
    [0, 10],
    [1.25, 12], // 2.5 rounds to even
    [-5, 0],
    [-6, 0], // saturates
    [200, 255],
  ])('uint8 scale 0.5 zp 10: %p → %p', (x, q) => expect(quantize(x, u8)).toBe(q));

  it('int8 saturates at -128 and 127', () => {
    const s8 = { type: 'int8' as const, scale: 1, zeroPoint: 0 };
    expect([quantize(-300, s8), quantize(300, s8), quantize(-3.5, s8)]).toEqual([-128, 127, -4]);
  });

  it('dequantize inverts quantize on the grid', () => {
    expect(dequantize(quantize(3.5, u8), u8)).toBe(3.5);
  });
});

describe('quantizeWeights', () => {
  it('scales each output channel by its own max |w| / 127', () => {
    // Two output channels of a 1x1 conv with 2 inputs: [[0.5, -1.27], [2.54, 0]].
    const w = makeTensor('float32', [2, 2, 1, 1], [0.5, -1.27, 2.54, 0]);
    const q = quantizeWeights(w);
    expect(Array.from(q.scales)).toEqual([Math.fround(0.01), Math.fround(0.02)]);
    expect(q.values.dtype).toBe('int8');
    expect(q.values.shape).toEqual([2, 2, 1, 1]);
    expect(Array.from(q.values.data)).toEqual([50, -127, 127, 0]);
  });

  it('an all-zero channel gets scale 1 and zeros; 7-bit weights stay within ±63', () => {
    const w = makeTensor('float32', [2, 3], [0, 0, 0, 0.63, -0.2, 0.104]);
    const q = quantizeWeights(w, 63);
    expect(Array.from(q.scales)).toEqual([1, Math.fround(0.01)]);
    expect(Array.from(q.values.data)).toEqual([0, 0, 0, 63, -20, 10]);
  });
});

describe('quantizeBias', () => {
  it('uses input scale × weight scale per channel, int32', () => {
    const b = makeTensor('float32', [2], [0.3, -0.05]);
    const q = quantizeBias(b, 0.1, Float32Array.from([0.01, 0.5]));
    // Products of the float32 weight scales, rounded to float32 again (what the model stores).
    expect(Array.from(q.scales)).toEqual([Math.fround(0.1 * Math.fround(0.01)), Math.fround(0.05)]);
    expect(q.values.dtype).toBe('int32');
    expect(Array.from(q.values.data)).toEqual([300, -1]);
  });
});

// The arithmetic of linear 8-bit quantisation (ONNX QuantizeLinear: q = sat(round(x / s) + z)),
// kept pure so it can be table-tested: activation parameters from a calibrated range, weights per
// output channel (symmetric int8), and int32 biases in the accumulator's scale.
import { AppError } from '../../server/src/lib/errors';
import { type ConstTensor, makeTensor } from './tensor';

/** uint8 activations are asymmetric (zero point anywhere in 0..255); int8 ones symmetric (zero point 0). */
export type ActivationType = 'uint8' | 'int8';

export interface QuantParams {
  type: ActivationType;
  /** Stored as float32 in the model, so it is rounded to float32 here too. */
  scale: number;
  zeroPoint: number;
}

// Module-level copies: weight quantisation calls these per element, and a global lookup each time
// is slow (very slow in a vm context such as Jest's).
const { abs, fround, max, min, round } = Math;

/** A range this narrow carries no information; it is widened so the scale stays positive. */
const MIN_SPAN = 1e-6;

/** Round half to even, as QuantizeLinear does. */
export function roundHalfEven(x: number): number {
  const r = round(x);
  return abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const clamp = (v: number, lo: number, hi: number) => min(hi, max(lo, v));

/** Parameters that represent [lo, hi] (which is widened to contain 0, so 0 is exact). */
export function activationParams(lo: number, hi: number, type: ActivationType): QuantParams {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) throw new AppError('bad_request', `cannot quantise the range [${lo}, ${hi}]`);
  const low = min(lo, 0);
  const high = max(hi, 0);
  if (type === 'int8') {
    const a = max(-low, high, MIN_SPAN);
    return { type, scale: fround(a / 127), zeroPoint: 0 };
  }
  const scale = fround(max(high - low, MIN_SPAN) / 255);
  return { type, scale, zeroPoint: clamp(roundHalfEven(-low / scale), 0, 255) };
}

/** The integer range of a type (int8 keeps -128 reachable, as QuantizeLinear's saturation does). */
export function typeRange(type: ActivationType): [number, number] {
  return type === 'uint8' ? [0, 255] : [-128, 127];
}

export function quantize(x: number, p: QuantParams): number {
  const [lo, hi] = typeRange(p.type);
  return clamp(roundHalfEven(x / p.scale) + p.zeroPoint, lo, hi);
}

export function dequantize(q: number, p: QuantParams): number {
  return (q - p.zeroPoint) * p.scale;
}

export interface ChannelWeights {
  /** int8 values in the float tensor's shape, in -limit..limit. */
  values: ConstTensor;
  /** One float32 scale per output channel (axis 0). */
  scales: Float32Array;
}

/**
 * Symmetric int8 per output channel: scale = max|w| / limit for each slice along axis 0.
 * `limit` 127 uses the full range; 63 ("reduce range") leaves headroom for CPUs whose u8×s8
 * instruction saturates 16-bit pair sums.
 */
export function quantizeWeights(w: ConstTensor, limit = 127): ChannelWeights {
  if (w.dtype !== 'float32' || w.shape.length < 1) throw new AppError('bad_request', 'weights to quantise must be a float32 tensor');
  const channels = w.shape[0] as number;
  const per = w.data.length / channels;
  const scales = new Float32Array(channels);
  const q = new Array<number>(w.data.length);
  for (let c = 0; c < channels; c++) {
    let a = 0;
    for (let i = c * per; i < (c + 1) * per; i++) a = max(a, abs(w.data[i] as number));
    // An all-zero channel quantises to zeros whatever the scale; 1 keeps the scale valid.
    const s = a > 0 ? fround(a / limit) : 1;
    scales[c] = s;
    for (let i = c * per; i < (c + 1) * per; i++) q[i] = clamp(roundHalfEven((w.data[i] as number) / s), -limit, limit);
  }
  return { values: makeTensor('int8', w.shape, q), scales };
}

/** int32 bias in the accumulator's scale (input scale × each channel's weight scale). */
export function quantizeBias(b: ConstTensor, inputScale: number, weightScales: Float32Array): { values: ConstTensor; scales: Float32Array } {
  if (b.dtype !== 'float32' || b.data.length !== weightScales.length) throw new AppError('bad_request', 'a bias needs one float32 value per output channel');
  const scales = weightScales.map((s) => fround(inputScale * s));
  const q = Array.from(b.data, (v, c) => clamp(roundHalfEven(v / (scales[c] as number)), -0x7fffffff, 0x7fffffff));
  return { values: makeTensor('int32', [b.data.length], q), scales };
}

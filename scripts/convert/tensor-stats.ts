// What calibration remembers about one activation tensor over many inputs, and the rules that turn
// it into a range to quantise: the global min/max, the mean or exponential moving average of each
// input's min/max, or a percentile of a histogram. Pure; calibrate.ts feeds it onnxruntime outputs.
import { AppError } from '../../server/src/lib/errors';

export interface TensorStats {
  min: number;
  max: number;
  /** Each observed input's own extremes, in observation order. */
  sampleMins: number[];
  sampleMaxs: number[];
  histogram: Histogram | null;
}

export interface Histogram {
  lo: number;
  hi: number;
  counts: Float64Array;
}

export type RangeRule =
  | { kind: 'minmax' }
  | { kind: 'mean-minmax' }
  /** Moving average of per-input extremes: m ← m + c·(x − m), starting at the first input's. */
  | { kind: 'ema'; constant: number }
  /** Keep `percentile` % of the values (split evenly between the two tails). */
  | { kind: 'percentile'; percentile: number };

export function emptyStats(): TensorStats {
  return { min: Infinity, max: -Infinity, sampleMins: [], sampleMaxs: [], histogram: null };
}

// The hot loops below read globals (Number, Math) through locals: a global lookup per element is
// slow, and very slow inside a vm context such as Jest's (measured 25x on 50 M values).
export function observeRange(s: TensorStats, data: ArrayLike<number>): void {
  const isNaN = Number.isNaN;
  let lo = Infinity;
  let hi = -Infinity;
  let nan = false;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (isNaN(v)) nan = true;
  }
  if (nan || !Number.isFinite(lo) || !Number.isFinite(hi)) throw new AppError('bad_request', 'calibration saw an empty tensor or a non-finite value');
  s.min = Math.min(s.min, lo);
  s.max = Math.max(s.max, hi);
  s.sampleMins.push(lo);
  s.sampleMaxs.push(hi);
}

/**
 * Rounds outward to `digits` significant digits. Calibration ranges pass through this so that
 * last-bit float differences between CPUs rarely change the quantised model's bytes.
 */
export function roundOut(x: number, direction: 'down' | 'up', digits = 4): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const step = 10 ** (Math.floor(Math.log10(Math.abs(x))) - digits + 1);
  const r = (direction === 'down' ? Math.floor(x / step) : Math.ceil(x / step)) * step;
  return Number(r.toPrecision(digits));
}

/** A histogram spanning the observed global range (call after every observeRange pass). */
export function startHistogram(s: TensorStats, bins: number): void {
  if (!(s.max >= s.min)) throw new AppError('bad_request', 'a histogram needs the range pass first');
  const lo = roundOut(s.min, 'down');
  const hi = Math.max(roundOut(s.max, 'up'), lo + 1e-6);
  s.histogram = { lo, hi, counts: new Float64Array(bins) };
}

export function observeHistogram(s: TensorStats, data: ArrayLike<number>): void {
  const h = s.histogram;
  if (!h) throw new AppError('bad_request', 'startHistogram first');
  const bins = h.counts.length;
  const perUnit = bins / (h.hi - h.lo);
  const floor = Math.floor;
  const lo = h.lo;
  for (let i = 0; i < data.length; i++) {
    const b = floor(((data[i] as number) - lo) * perUnit);
    const bin = b < 0 ? 0 : b >= bins ? bins - 1 : b;
    h.counts[bin] = (h.counts[bin] as number) + 1;
  }
}

/** The range a rule keeps, rounded outward (see roundOut). */
export function rangeFor(s: TensorStats, rule: RangeRule): [number, number] {
  if (s.sampleMins.length === 0) throw new AppError('bad_request', 'no calibration data was observed');
  let lo: number;
  let hi: number;
  switch (rule.kind) {
    case 'minmax':
      [lo, hi] = [s.min, s.max];
      break;
    case 'mean-minmax':
      [lo, hi] = [mean(s.sampleMins), mean(s.sampleMaxs)];
      break;
    case 'ema':
      [lo, hi] = [ema(s.sampleMins, rule.constant), ema(s.sampleMaxs, rule.constant)];
      break;
    case 'percentile':
      [lo, hi] = percentileRange(s, rule.percentile);
      break;
  }
  return [roundOut(lo, 'down'), roundOut(hi, 'up')];
}

function mean(v: number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

function ema(v: number[], c: number): number {
  if (!(c > 0 && c <= 1)) throw new AppError('bad_request', `moving-average constant ${c} is not in (0, 1]`);
  let m = v[0] as number;
  for (let i = 1; i < v.length; i++) m += c * ((v[i] as number) - m);
  return m;
}

/** Lower edge of the bin where the low tail ends, upper edge of the bin where the high tail starts. */
function percentileRange(s: TensorStats, percentile: number): [number, number] {
  const h = s.histogram;
  if (!h) throw new AppError('bad_request', 'the percentile rule needs a histogram pass');
  if (!(percentile > 50 && percentile <= 100)) throw new AppError('bad_request', `percentile ${percentile} is not in (50, 100]`);
  const total = h.counts.reduce((a, b) => a + b, 0);
  const tail = (total * (100 - percentile)) / 200;
  const width = (h.hi - h.lo) / h.counts.length;
  let acc = 0;
  let first = 0;
  for (; first < h.counts.length - 1; first++) {
    acc += h.counts[first] as number;
    if (acc > tail) break;
  }
  acc = 0;
  let last = h.counts.length - 1;
  for (; last > 0; last--) {
    acc += h.counts[last] as number;
    if (acc > tail) break;
  }
  return [h.lo + first * width, h.lo + (last + 1) * width];
}

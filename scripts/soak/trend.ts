// Pure judgement of a soak run: least-squares slopes of memory and open file descriptors over
// time, and cameras that were online without frames. Table-tested in test/unit/scripts/.

export interface Point {
  /** Seconds since the start of the run. */
  t: number;
  v: number;
}

export interface Fit {
  /** Units per hour. */
  slopePerHour: number;
  /** Coefficient of determination (0..1): how well a straight line explains the samples. */
  r2: number;
  first: number;
  last: number;
  n: number;
}

/** Ordinary least squares through the points; slope in units per hour. */
export function fitLine(points: readonly Point[]): Fit {
  const n = points.length;
  const first = points[0]?.v ?? 0;
  const last = points[n - 1]?.v ?? 0;
  if (n < 2) return { slopePerHour: 0, r2: 0, first, last, n };
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const mv = points.reduce((s, p) => s + p.v, 0) / n;
  let stt = 0;
  let stv = 0;
  let svv = 0;
  for (const p of points) {
    stt += (p.t - mt) ** 2;
    stv += (p.t - mt) * (p.v - mv);
    svv += (p.v - mv) ** 2;
  }
  if (stt === 0) return { slopePerHour: 0, r2: 0, first, last, n };
  const slope = stv / stt;
  const r2 = svv === 0 ? 0 : (stv * stv) / (stt * svv);
  return { slopePerHour: slope * 3600, r2, first, last, n };
}

export interface GrowthRule {
  /** Samples before this many seconds are warm-up (caches, JIT, first segments) and not judged. */
  warmupS: number;
  /** A trend is growth when the slope exceeds this absolute rate per hour… */
  minPerHour: number;
  /** …and this share of the mean value per hour… */
  minSharePerHour: number;
  /** …and the line explains the samples this well (a steady climb, not noise). */
  minR2: number;
}

export const MEMORY_RULE: GrowthRule = { warmupS: 300, minPerHour: 20 * 1024 * 1024, minSharePerHour: 0.05, minR2: 0.6 };
export const FD_RULE: GrowthRule = { warmupS: 300, minPerHour: 10, minSharePerHour: 0, minR2: 0.6 };

export interface Trend {
  fit: Fit;
  growing: boolean;
  /** False when fewer than 3 samples lie past the warm-up: a run that short shows no trend. */
  judged: boolean;
}

/** Fits the points after warm-up and says whether they grow by the rule. */
export function judgeGrowth(points: readonly Point[], rule: GrowthRule): Trend {
  const after = points.filter((p) => p.t >= rule.warmupS);
  const judged = after.length >= 3;
  const fit = fitLine(judged ? after : points);
  const mean = after.length > 0 ? after.reduce((s, p) => s + p.v, 0) / after.length : 0;
  const growing = judged && fit.slopePerHour > rule.minPerHour && fit.slopePerHour > rule.minSharePerHour * mean && fit.r2 >= rule.minR2;
  return { fit, growing, judged };
}

export interface CameraSample {
  t: number;
  state: string;
  fps: number;
}

export interface CameraVerdict {
  /** Samples online with fps 0. */
  stuckSamples: number;
  /** Longest run of consecutive stuck samples. */
  longestStuck: number;
  /** Samples not online. */
  downSamples: number;
  stuck: boolean;
}

/** A camera is stuck when it reports online without frames in `minRun` consecutive samples. */
export function judgeCamera(samples: readonly CameraSample[], minRun = 2): CameraVerdict {
  let run = 0;
  let longest = 0;
  let stuckSamples = 0;
  let downSamples = 0;
  for (const s of samples) {
    if (s.state === 'online' && s.fps <= 0) {
      stuckSamples++;
      run++;
      longest = Math.max(longest, run);
    } else {
      run = 0;
    }
    if (s.state !== 'online') downSamples++;
  }
  return { stuckSamples, longestStuck: longest, downSamples, stuck: longest >= minRun };
}

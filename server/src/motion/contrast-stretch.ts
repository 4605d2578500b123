// Contrast stretch for motion, applied to the threshold rather than to the pixels: a difference
// counts when it is large compared with the scene's contrast (the spread between its darkest and
// brightest few percent). Stretching the pixels themselves (out = (p - low) × 255 / spread) gives
// the same test while the levels hold still, but every change of the levels would then shift the
// whole frame against the background and show up as motion; here the background never moves.
/** Percentiles of the darkest and brightest pixels that bound the scene's contrast. */
export const LOW_PERCENTILE = 0.04;
export const HIGH_PERCENTILE = 0.96;
/** Frames the levels are averaged over, so one frame's odd histogram does not jolt the threshold. */
export const CONTRAST_WINDOW = 50;
/** Narrowest spread used: on a flat (dark, foggy) image a narrower one would turn sensor noise
 * into motion. With threshold 30 the raw threshold never drops below 30 × 48 / 255 ≈ 5.6 levels. */
export const MIN_SPREAD = 48;

/** The grey level at or below which `share` of the histogram's pixels lie. */
export function percentileLevel(histogram: ArrayLike<number>, share: number): number {
  let total = 0;
  for (let i = 0; i < histogram.length; i++) total += histogram[i] as number;
  if (total <= 0) return 0;
  const target = share * total;
  let sum = 0;
  for (let i = 0; i < histogram.length; i++) {
    sum += histogram[i] as number;
    if (sum >= target) return i;
  }
  return histogram.length - 1;
}

/** How much a stretch of [low, high] to [0, 255] would amplify differences. */
export function stretchGain(low: number, high: number): number {
  return 255 / Math.max(high - low, MIN_SPREAD);
}

/** Threshold on raw grey differences equivalent to `threshold` on the stretched image (≥ 1). */
export function rawThreshold(threshold: number, gain: number): number {
  return Math.min(255, Math.max(1, threshold / gain));
}

/** Rolling low/high levels of recent frames. */
export class ContrastWindow {
  private readonly lows: number[] = [];
  private readonly highs: number[] = [];

  /** Adds one frame's histogram (256 bins) and returns the current stretch gain. */
  push(histogram: ArrayLike<number>): number {
    this.lows.push(percentileLevel(histogram, LOW_PERCENTILE));
    this.highs.push(percentileLevel(histogram, HIGH_PERCENTILE));
    if (this.lows.length > CONTRAST_WINDOW) {
      this.lows.shift();
      this.highs.shift();
    }
    return stretchGain(mean(this.lows), mean(this.highs));
  }

  /** Forgets the history (after a lighting change the old levels are wrong). */
  reset(): void {
    this.lows.length = 0;
    this.highs.length = 0;
  }
}

function mean(v: number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

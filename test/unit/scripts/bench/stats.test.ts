// Benchmark statistics: nearest-rank percentiles, summaries, slopes and ratios on literal tables.
import { percentile, ratio, slope, summarize } from '../../../../scripts/bench/support/stats';

describe('bench stats', () => {
  it.each([
    [[5], 50, 5],
    [[5], 95, 5],
    [[1, 2, 3, 4], 50, 2],
    [[4, 3, 2, 1], 75, 3],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
    [[10, 20, 30], 0, 10],
    [[10, 20, 30], 100, 30],
  ])('percentile(%j, %d) = %d', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('has no percentile of nothing and refuses a percentile outside 0..100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('summarizes without reordering the input', () => {
    const v = [30, 10, 20, 40];
    expect(summarize(v)).toEqual({ n: 4, p50: 20, p95: 40, max: 40, mean: 25 });
    expect(v).toEqual([30, 10, 20, 40]);
  });

  it.each([
    [[[0, 1], [1, 3], [2, 5]], 2],
    [[[0, 10], [60, 10], [120, 10]], 0],
    [[[1, 5], [2, 4], [3, 3], [4, 2]], -1],
  ] as [[number, number][], number][])('slope of %j is %d', (points, expected) => {
    expect(slope(points)).toBeCloseTo(expected, 10);
  });

  it('has no slope with fewer than two distinct x', () => {
    expect(slope([[1, 2]])).toBeNaN();
    expect(slope([[1, 2], [1, 5]])).toBeNaN();
  });

  it('gives no ratio against nothing', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(1, 3)).toBe(0.33);
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(NaN, 1)).toBeNull();
  });
});

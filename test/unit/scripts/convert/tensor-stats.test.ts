import { emptyStats, observeHistogram, observeRange, rangeFor, roundOut, startHistogram } from '../../../../scripts/convert/tensor-stats';

describe('roundOut', () => {
  it.each([
    [1.23456, 'up', 1.235],
    [1.23456, 'down', 1.234],
    [-1.23456, 'down', -1.235],
    [-1.23456, 'up', -1.234],
    [0.000123456, 'up', 0.0001235],
    [98765.4, 'down', 98760],
    [2, 'up', 2],
    [0, 'down', 0],
  ] as const)('%p %s → %p', (x, dir, want) => expect(roundOut(x, dir)).toBe(want));
});

describe('range rules', () => {
  // Three inputs whose own extremes are [-1, 4], [-3, 2], [0, 10].
  const stats = () => {
    const s = emptyStats();
    for (const data of [[-1, 0, 4], [2, -3, 1], [0, 10, 5]]) observeRange(s, data);
    return s;
  };

  it('min/max is the global range', () => expect(rangeFor(stats(), { kind: 'minmax' })).toEqual([-3, 10]));

  it('mean-minmax averages each input’s extremes', () => {
    // mins (-1 - 3 + 0) / 3 = -1.3333 → -1.334 rounded outward; maxes (4 + 2 + 10) / 3 = 5.3333 → 5.334
    expect(rangeFor(stats(), { kind: 'mean-minmax' })).toEqual([-1.334, 5.334]);
  });

  it('ema starts at the first input and moves by the constant', () => {
    // min: -1 → -1 + 0.5·(-3 + 1) = -2 → -2 + 0.5·(0 + 2) = -1; max: 4 → 3 → 6.5
    expect(rangeFor(stats(), { kind: 'ema', constant: 0.5 })).toEqual([-1, 6.5]);
    expect(() => rangeFor(stats(), { kind: 'ema', constant: 0 })).toThrow(/not in/);
  });

  it('percentile cuts the tails of the histogram', () => {
    const s = emptyStats();
    // 1000 values: 998 spread over 0..9.98, plus one outlier at each end.
    const data = [-100, ...Array.from({ length: 998 }, (_, i) => i / 100), 100];
    observeRange(s, data);
    startHistogram(s, 2000); // bins of 0.1 over [-100, 100]
    observeHistogram(s, data);
    expect(rangeFor(s, { kind: 'percentile', percentile: 100 })).toEqual([-100, 100]);
    // 99.8 % keeps all but one value per tail: the outliers go, the bins of 0..9.98 stay.
    const [lo, hi] = rangeFor(s, { kind: 'percentile', percentile: 99.8 });
    expect(lo).toBeCloseTo(0, 6);
    expect(hi).toBeCloseTo(10, 6);
  });

  it('percentile needs the histogram pass, and no rule works without data', () => {
    const s = emptyStats();
    expect(() => rangeFor(s, { kind: 'minmax' })).toThrow(/no calibration data/);
    observeRange(s, [1, 2]);
    expect(() => rangeFor(s, { kind: 'percentile', percentile: 99 })).toThrow(/histogram/);
  });

  it('refuses non-finite activations', () => {
    expect(() => observeRange(emptyStats(), [1, NaN])).toThrow(/non-finite/);
  });
});

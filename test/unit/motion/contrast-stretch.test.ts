import { CONTRAST_WINDOW, ContrastWindow, percentileLevel, rawThreshold, stretchGain } from '../../../server/src/motion/contrast-stretch';

function histogram(levels: Record<number, number>): number[] {
  const h = new Array<number>(256).fill(0);
  for (const [level, count] of Object.entries(levels)) h[Number(level)] = count;
  return h;
}

describe('percentileLevel', () => {
  it.each<[string, number[], number, number]>([
    ['uniform 0..99, 4%', histogram(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [i, 1]))), 0.04, 3],
    ['uniform 0..99, 96%', histogram(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [i, 1]))), 0.96, 95],
    ['two levels', histogram({ 10: 50, 200: 50 }), 0.5, 10],
    ['two levels, just above half', histogram({ 10: 50, 200: 50 }), 0.51, 200],
    ['empty histogram', histogram({}), 0.5, 0],
  ])('%s', (_name, h, share, expected) => {
    expect(percentileLevel(h, share)).toBe(expected);
  });
});

describe('stretchGain and rawThreshold', () => {
  it.each<[number, number, number]>([
    [0, 255, 1],
    [50, 152, 2.5],
    [100, 110, 255 / 48], // a narrow range counts as MIN_SPREAD
  ])('[%i, %i] → gain %d', (lo, hi, gain) => {
    expect(stretchGain(lo, hi)).toBeCloseTo(gain, 9);
  });

  it.each<[number, number, number]>([
    [30, 1, 30],
    [30, 2.5, 12],
    [30, 100, 1], // never below one level
    [255, 0.5, 255],
  ])('threshold %i at gain %d → %d raw levels', (t, gain, raw) => {
    expect(rawThreshold(t, gain)).toBeCloseTo(raw, 9);
  });
});

describe('ContrastWindow', () => {
  it('averages the levels over the window and forgets them on reset', () => {
    const w = new ContrastWindow();
    const dark = histogram({ 20: 50, 90: 50 });
    const bright = histogram({ 100: 50, 250: 50 });
    expect(w.push(dark)).toBeCloseTo(stretchGain(20, 90), 9);
    expect(w.push(bright)).toBeCloseTo(stretchGain(60, 170), 9); // mean of (20, 100) and (90, 250)
    for (let i = 0; i < CONTRAST_WINDOW; i++) w.push(bright);
    expect(w.push(bright)).toBeCloseTo(stretchGain(100, 250), 9); // the dark frame has left the window
    w.reset();
    expect(w.push(dark)).toBeCloseTo(stretchGain(20, 90), 9);
  });
});

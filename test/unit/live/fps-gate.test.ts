// The per-viewer frame gate: average rate at most the asked fps, slots up to a quarter early, no
// burst after a pause.
import { FpsGate } from '../../../server/src/live/fps-gate';

function taken(fps: number, arrivals: number[]): number[] {
  const g = new FpsGate(fps);
  return arrivals.filter((t) => g.take(t));
}

describe('FpsGate', () => {
  it.each<[string, number, number[], number[]]>([
    ['every frame of a slower source', 10, [0, 200, 400, 600], [0, 200, 400, 600]],
    ['3 fps out of 5 fps arrivals', 3, [0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000], [0, 400, 600, 1000, 1400, 1600, 2000]],
    ['1 fps out of 10 fps arrivals', 1, [0, 100, 200, 700, 800, 900, 1000, 1100, 1800, 1900, 2000], [0, 800, 1800]],
    ['no burst after a pause', 2, [0, 5000, 5100, 5200, 5300, 5400, 5500], [0, 5000, 5400]],
  ])('%s', (_name, fps, arrivals, want) => {
    expect(taken(fps, arrivals)).toEqual(want);
  });

  it('keeps the average rate at or below fps on a jittery source', () => {
    const arrivals = Array.from({ length: 600 }, (_, i) => i * 33 + ((i * 7919) % 13));
    const got = taken(4, arrivals);
    const seconds = (arrivals[arrivals.length - 1]! - arrivals[0]!) / 1000;
    expect(got.length / seconds).toBeLessThanOrEqual(4.05);
    expect(got.length / seconds).toBeGreaterThan(3.5);
  });

  it('changes rate and refuses nonsense', () => {
    const g = new FpsGate(1);
    expect(g.take(0)).toBe(true);
    expect(g.take(500)).toBe(false);
    g.setFps(4);
    expect(g.take(800)).toBe(true);
    expect(() => g.setFps(0)).toThrow(RangeError);
    expect(() => new FpsGate(Number.NaN)).toThrow(RangeError);
  });
});

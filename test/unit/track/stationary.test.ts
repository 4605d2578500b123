import type { Box } from '../../../server/src/contracts/domain';
import { isStill, StationaryState } from '../../../server/src/track/stationary';

describe('isStill', () => {
  it.each<[string, Box, Box, boolean]>([
    ['same box', [100, 100, 300, 200], [100, 100, 300, 200], true],
    ['2 px jitter on a car', [102, 101, 301, 202], [100, 100, 300, 200], true],
    ['moved by a tenth of its width', [120, 100, 320, 200], [100, 100, 300, 200], false],
    ['1 px jitter on a small box (IoU 0.82, centre shift within 10% of the side)', [11, 20, 21, 40], [10, 20, 20, 40], true],
    ['a small box moved by 3 px', [13, 20, 23, 40], [10, 20, 20, 40], false],
    ['a small box that doubled in size around the same centre', [5, 10, 25, 50], [10, 20, 20, 40], false],
  ])('%s', (_name, box, anchor, expected) => {
    expect(isStill(box, anchor)).toBe(expected);
  });
});

describe('StationaryState', () => {
  const car: Box = [100, 100, 300, 200];
  const moved = (dx: number): Box => [car[0] + dx, car[1], car[2] + dx, car[3]];

  it('becomes stationary after N still observations', () => {
    const s = new StationaryState(car, { frames: 3 });
    const seen: [boolean, number][] = [];
    for (let i = 0; i < 4; i++) {
      s.observe(moved(i % 2)); // 1 px jitter
      seen.push([s.stationary, s.motionlessCount]);
    }
    expect(seen).toEqual([[false, 1], [false, 2], [true, 3], [true, 4]]);
  });

  it('is not fooled by slow creeping: the anchor stays where the object stopped', () => {
    const s = new StationaryState(car, { frames: 10 });
    for (let i = 1; i <= 40; i++) s.observe(moved(i * 3)); // 3 px per frame, never 10 frames within IoU 0.9
    expect(s.stationary).toBe(false);
  });

  it('needs two moving observations in a row to wake up (default), then counts again', () => {
    const s = new StationaryState(car, { frames: 2 });
    s.observe(car);
    s.observe(car);
    expect(s.stationary).toBe(true);
    s.observe(moved(60)); // one odd box: e.g. partly hidden by a passer-by
    expect(s.stationary).toBe(true);
    s.observe(car);
    expect(s.stationary).toBe(true);
    s.observe(moved(60));
    s.observe(moved(80));
    expect([s.stationary, s.motionlessCount]).toEqual([false, 0]);
    s.observe(moved(81));
    s.observe(moved(80));
    expect([s.stationary, s.motionlessCount]).toEqual([true, 2]);
  });

  it('wakes on the first move when clearAfter is 1', () => {
    const s = new StationaryState(car, { frames: 1, clearAfter: 1 });
    s.observe(car);
    expect(s.stationary).toBe(true);
    s.observe(moved(50));
    expect(s.stationary).toBe(false);
  });
});

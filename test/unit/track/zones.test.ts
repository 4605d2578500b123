import type { Box } from '../../../server/src/contracts/domain';
import { zoneSchema } from '../../../server/src/config/schema';
import { compileZones, inZone, ZonePresence, type ZoneSubject } from '../../../server/src/track/zones';

const W = 768;
const H = 576;
const zones = compileZones(
  {
    // Relative polygon: the right half of the frame.
    yard: zoneSchema.parse({ coordinates: '0.5,0,1,0,1,1,0.5,1', inertia: 3 }),
    // Pixels: a driveway at the bottom left, cars only.
    driveway: zoneSchema.parse({ coordinates: [[0, 400], [300, 400], [300, 576], [0, 576]], objects: ['car'], inertia: 1 }),
    // A porch where only big, confident persons count.
    porch: zoneSchema.parse({ coordinates: '0,0,300,0,300,300,0,300', inertia: 2, filters: { person: { min_area: 4000, threshold: 0.8 } } }),
  },
  W,
  H,
);
const subject = (label: string, box: Box, score = 0.9, medianScore = 0.9): ZoneSubject => ({ label, box, score, medianScore });

describe('compileZones', () => {
  it('resolves relative polygons to pixels and orders zones by name', () => {
    expect(zones.map((z) => z.name)).toEqual(['driveway', 'porch', 'yard']);
    expect(zones[2]?.polygon).toEqual([[384, 0], [768, 0], [768, 576], [384, 576]]);
  });
});

describe('inZone', () => {
  const [driveway, porch, yard] = zones as [(typeof zones)[0], (typeof zones)[0], (typeof zones)[0]];
  it.each<[string, ZoneSubject, typeof yard, boolean]>([
    ['feet inside', subject('person', [500, 100, 540, 200]), yard, true],
    ['box partly inside, standing point outside: outside', subject('person', [350, 100, 410, 200]), yard, false],
    ['label not listed for the zone', subject('person', [50, 450, 100, 560]), driveway, false],
    ['listed label', subject('car', [50, 450, 200, 560]), driveway, true],
    ['cut by the bottom edge', subject('car', [50, 450, 200, 576]), driveway, true],
    ['zone filter: too small', subject('person', [100, 100, 130, 200]), porch, false],
    ['zone filter: big enough', subject('person', [100, 100, 150, 200]), porch, true],
    ['zone filter: median score under the zone threshold', subject('person', [100, 100, 150, 200], 0.9, 0.75), porch, false],
    ['zone filter: current score under min_score', subject('person', [100, 100, 150, 200], 0.4, 0.9), porch, false],
    ['no filter for this label', subject('dog', [100, 100, 110, 110], 0.3, 0.3), porch, true],
  ])('%s', (_name, o, z, expected) => {
    expect(inZone(o, z, W, H)).toBe(expected);
  });
});

describe('ZonePresence', () => {
  it('enters after inertia frames inside; leaving updates current but not entered', () => {
    const p = new ZonePresence();
    const inside = subject('person', [500, 100, 540, 200]);
    const outside = subject('person', [100, 400, 140, 500]);
    const steps: [ZoneSubject, string[], string[]][] = [
      [inside, [], []],
      [inside, [], []],
      [inside, ['yard'], ['yard']],
      [inside, ['yard'], ['yard']],
      [outside, [], ['yard']],
      [inside, [], ['yard']], // the inertia counts again after leaving
      [inside, [], ['yard']],
      [inside, ['yard'], ['yard']],
    ];
    steps.forEach(([o, current, entered], i) => {
      p.observe(o, zones, W, H);
      expect([i, p.current, p.entered]).toEqual([i, current, entered]);
    });
  });

  it('needs consecutive frames: one frame outside resets the count', () => {
    const p = new ZonePresence();
    const inside = subject('person', [500, 100, 540, 200]);
    const outside = subject('person', [100, 400, 140, 500]);
    for (const o of [inside, inside, outside, inside, inside]) p.observe(o, zones, W, H);
    expect(p.entered).toEqual([]);
    p.observe(inside, zones, W, H);
    expect(p.entered).toEqual(['yard']);
  });

  it('tracks several zones at once, entered in order of entry', () => {
    const p = new ZonePresence();
    const car = subject('car', [400, 450, 560, 560]); // yard only (standing at x=480)
    const carLeft = subject('car', [150, 450, 310, 560]); // driveway (x=230)
    for (let i = 0; i < 3; i++) p.observe(car, zones, W, H);
    p.observe(carLeft, zones, W, H);
    expect(p.current).toEqual(['driveway']);
    expect(p.entered).toEqual(['yard', 'driveway']);
  });

  it('returns copies that callers cannot change', () => {
    const p = new ZonePresence();
    p.observe(subject('car', [50, 450, 200, 560]), zones, W, H);
    p.entered.push('x');
    p.current.push('x');
    expect(p.entered).toEqual(['driveway']);
    expect(p.current).toEqual(['driveway']);
  });
});

import type { Box, Detection } from '../../../server/src/contracts/domain';
import { objectsSchema, type ObjectFilter } from '../../../server/src/config/schema';
import { DEFAULT_OBJECT_FILTER, filterDetections, passesFilter, standingPoint } from '../../../server/src/track/filters';
import type { Polygon } from '../../../server/src/geometry/polygon';

const f = (over: Partial<ObjectFilter>): ObjectFilter => ({ ...DEFAULT_OBJECT_FILTER, ...over });
const det = (label: string, box: Box, score = 0.9): Detection => ({ label, box, score });

describe('passesFilter', () => {
  it.each<[string, Box, number, Partial<ObjectFilter>, boolean]>([
    ['defaults accept a normal person', [0, 0, 50, 120], 0.8, {}, true],
    ['score below min_score', [0, 0, 50, 120], 0.49, {}, false],
    ['score at min_score', [0, 0, 50, 120], 0.5, {}, true],
    ['area below min_area', [0, 0, 10, 10], 0.9, { min_area: 101 }, false],
    ['area at min_area', [0, 0, 10, 10], 0.9, { min_area: 100 }, true],
    ['area above max_area', [0, 0, 100, 100], 0.9, { max_area: 9999 }, false],
    ['ratio (w/h) below min_ratio: too thin', [0, 0, 10, 100], 0.9, { min_ratio: 0.2 }, false],
    ['ratio above max_ratio: too wide for a person', [0, 0, 100, 50], 0.9, { max_ratio: 1 }, false],
    ['ratio inside bounds', [0, 0, 40, 100], 0.9, { min_ratio: 0.2, max_ratio: 1 }, true],
    ['empty box', [10, 10, 10, 50], 0.9, {}, false],
  ])('%s', (_name, box, score, over, expected) => {
    expect(passesFilter({ box, score }, f(over))).toBe(expected);
  });
});

describe('standingPoint', () => {
  it.each<[Box, [number, number]]>([
    [[10, 20, 30, 60], [20, 60]],
    [[700, 500, 768, 576], [734, 575.5]], // cut by the bottom edge: nudged inside
    [[-20, -50, 0, -10], [0.5, 0.5]],
  ])('%j stands at %j', (box, expected) => {
    expect(standingPoint(box, 768, 576)).toEqual(expected);
  });
});

describe('filterDetections', () => {
  const objects = objectsSchema.parse({
    track: ['person', 'car'],
    filters: { person: { min_area: 1000, max_ratio: 1.2, min_score: 0.6 }, car: { min_area: 5000 } },
  });
  // Lower third of a 768x576 frame, drawn down to the bottom edge.
  const bottomMask: Polygon = [[0, 400], [768, 400], [768, 576], [0, 576]];

  it.each<[string, Detection[], Polygon[], Detection[]]>([
    ['keeps a valid person', [det('person', [100, 100, 150, 250])], [], [det('person', [100, 100, 150, 250])]],
    ['drops a label that is not tracked', [det('dog', [100, 100, 150, 250])], [], []],
    ['drops a person below its min_score', [det('person', [100, 100, 150, 250], 0.55)], [], []],
    ['keeps a car at 0.55 (car filter keeps the default min_score 0.5)', [det('car', [100, 100, 200, 160], 0.55)], [], [det('car', [100, 100, 200, 160], 0.55)]],
    ['drops a too small person', [det('person', [100, 100, 110, 150])], [], []],
    ['drops a person wider than tall (a shadow)', [det('person', [100, 100, 250, 150])], [], []],
    ['drops an object standing in a mask', [det('person', [100, 300, 150, 450])], [bottomMask], []],
    ['keeps an object whose head is in the mask but feet are not', [det('person', [100, 300, 150, 390])], [bottomMask], [det('person', [100, 300, 150, 390])]],
    ['drops an object cut by the bottom edge inside a mask reaching that edge', [det('person', [100, 450, 150, 576])], [bottomMask], []],
    ['clamps boxes to the frame', [det('car', [700, 500, 800, 600])], [], [det('car', [700, 500, 768, 576])]],
    ['drops non-finite detections', [det('person', [Number.NaN, 100, 150, 250]), { label: 'person', box: [100, 100, 150, 250], score: Number.NaN }], [], []],
    ['orders swapped corners', [det('person', [150, 250, 100, 100])], [], [det('person', [100, 100, 150, 250])]],
  ])('%s', (_name, dets, masks, expected) => {
    expect(filterDetections(dets, objects, masks, 768, 576)).toEqual(expected);
  });

  it('keeps the order of the detections it keeps', () => {
    const dets = [det('car', [0, 0, 100, 60]), det('dog', [0, 0, 50, 50]), det('person', [200, 0, 240, 100])];
    expect(filterDetections(dets, objects, [], 768, 576).map((d) => d.label)).toEqual(['car', 'person']);
  });
});

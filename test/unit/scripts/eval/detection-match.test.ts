import type { Box } from '../../../../server/src/contracts/domain';
import { matchBoxes, peopleInView, scorePoints } from '../../../../scripts/eval/detection-match';
import type { Point } from '../../../../scripts/eval/vtest-counts';

describe('scorePoints', () => {
  // [boxes, people, don't care, → hits, misses, false alarms, ignored]
  const TABLE: [string, Box[], Point[], Point[], number, number, number, number][] = [
    ['one box per person', [[0, 0, 10, 10], [20, 0, 30, 10]], [[5, 5], [25, 5]], [], 2, 0, 0, 0],
    ['a missed person', [[0, 0, 10, 10]], [[5, 5], [25, 5]], [], 1, 1, 0, 0],
    ['a box over nobody', [[0, 0, 10, 10], [50, 50, 60, 60]], [[5, 5]], [], 1, 0, 1, 0],
    ['a duplicate box is a false alarm', [[0, 0, 10, 10], [1, 1, 11, 11]], [[5, 5]], [], 1, 0, 1, 0],
    ['one wide box cannot find two people', [[0, 0, 30, 10]], [[5, 5], [25, 5]], [], 1, 1, 0, 0],
    ['a box over a don’t-care person is ignored', [[0, 0, 10, 10], [40, 0, 50, 10]], [[5, 5]], [[45, 5]], 1, 0, 0, 1],
    // Greedy box-by-box would give the wide box to the left person and lose the right one.
    ['maximum matching, not greedy', [[0, 0, 30, 10], [0, 0, 10, 10]], [[5, 5], [25, 5]], [], 2, 0, 0, 0],
    ['a point on the box edge counts', [[0, 0, 10, 10]], [[10, 10]], [], 1, 0, 0, 0],
    ['nothing to find', [], [], [], 0, 0, 0, 0],
  ];
  it.each(TABLE)('%s', (_name, boxes, people, dontCare, hits, misses, falseAlarms, ignored) => {
    expect(scorePoints(boxes, people, dontCare)).toEqual({ hits, misses, falseAlarms, ignored });
  });
});

describe('peopleInView', () => {
  it('keeps people well inside, marks those by the edge as don’t care, drops those outside', () => {
    const region: Box = [100, 0, 200, 100];
    const got = peopleInView(region, [[150, 50], [105, 50], [250, 50]], [[190, 90], [10, 10]], 10);
    expect(got).toEqual({ people: [[150, 50]], dontCare: [[105, 50], [190, 90]] });
  });
});

describe('matchBoxes', () => {
  it('pairs by best IoU, one to one, and leaves pairs under the threshold out', () => {
    const ref: Box[] = [[0, 0, 10, 10], [20, 0, 30, 10], [100, 100, 110, 110]];
    const cand: Box[] = [[0, 0, 10, 10], [0, 0, 10, 12], [21, 0, 31, 10]];
    const a = matchBoxes(ref, cand);
    expect([a.reference, a.candidate, a.matched]).toEqual([3, 3, 2]);
    // IoU 1 (identical) and 90/110 (shifted by one pixel); the second candidate stays unmatched.
    expect(a.meanIou).toBeCloseTo((1 + 90 / 110) / 2, 10);
  });

  it('no match gives NaN mean IoU', () => {
    expect(matchBoxes([[0, 0, 1, 1]], [[5, 5, 6, 6]]).meanIou).toBeNaN();
  });
});

// Scoring detections against people counted by eye (points) and against a reference model's boxes.
// Pure, so the rules are table-tested: a box finds a person when it contains their point, each box
// and each person count once (maximum matching, so one wide box cannot claim two people), and
// boxes over "don't care" people are ignored rather than counted as false alarms.
import type { Box } from '../../server/src/contracts/domain';
import { iou } from '../../server/src/geometry/box';
import type { Point } from './vtest-counts';

export interface PointScore {
  hits: number;
  misses: number;
  falseAlarms: number;
  /** Unmatched boxes over a don't-care point. */
  ignored: number;
}

const inside = (p: Point, b: Box) => p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3];

export function scorePoints(boxes: readonly Box[], people: readonly Point[], dontCare: readonly Point[] = []): PointScore {
  // Kuhn's augmenting paths: personOf[box] = the person that box is matched to.
  const personOf = new Array<number>(boxes.length).fill(-1);
  const tryPerson = (p: number, seen: boolean[]): boolean => {
    for (let b = 0; b < boxes.length; b++) {
      if (seen[b] || !inside(people[p] as Point, boxes[b] as Box)) continue;
      seen[b] = true;
      if (personOf[b] === -1 || tryPerson(personOf[b] as number, seen)) {
        personOf[b] = p;
        return true;
      }
    }
    return false;
  };
  let hits = 0;
  for (let p = 0; p < people.length; p++) if (tryPerson(p, new Array<boolean>(boxes.length).fill(false))) hits++;
  let falseAlarms = 0;
  let ignored = 0;
  boxes.forEach((b, i) => {
    if (personOf[i] !== -1) return;
    if (dontCare.some((p) => inside(p, b))) ignored++;
    else falseAlarms++;
  });
  return { hits, misses: people.length - hits, falseAlarms, ignored };
}

/**
 * The counted people a view of `region` should find: those well inside it. People near its edge
 * (within `margin` px) are cut in half by the crop and become don't-care; those outside are left out.
 */
export function peopleInView(region: Box, people: readonly Point[], dontCare: readonly Point[], margin: number): { people: Point[]; dontCare: Point[] } {
  const inner: Box = [region[0] + margin, region[1] + margin, region[2] - margin, region[3] - margin];
  return {
    people: people.filter((p) => inside(p, inner)),
    dontCare: [...people.filter((p) => inside(p, region) && !inside(p, inner)), ...dontCare.filter((p) => inside(p, region))],
  };
}

export interface BoxAgreement {
  reference: number;
  candidate: number;
  matched: number;
  /** Mean IoU of the matched pairs (NaN when none matched). */
  meanIou: number;
}

/** Greedy one-to-one matching by descending IoU (ties by index), pairs below `minIou` left out. */
export function matchBoxes(reference: readonly Box[], candidate: readonly Box[], minIou = 0.5): BoxAgreement {
  const pairs: [number, number, number][] = [];
  reference.forEach((r, i) =>
    candidate.forEach((c, j) => {
      const v = iou(r, c);
      if (v >= minIou) pairs.push([v, i, j]);
    }),
  );
  pairs.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  const usedR = new Set<number>();
  const usedC = new Set<number>();
  let sum = 0;
  for (const [v, i, j] of pairs) {
    if (usedR.has(i) || usedC.has(j)) continue;
    usedR.add(i);
    usedC.add(j);
    sum += v;
  }
  return { reference: reference.length, candidate: candidate.length, matched: usedR.size, meanIou: usedR.size > 0 ? sum / usedR.size : NaN };
}

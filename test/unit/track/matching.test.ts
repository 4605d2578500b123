import type { Box } from '../../../server/src/contracts/domain';
import { DEFAULT_MATCH_OPTIONS, matchBoxes, matchByLabel, matchCost } from '../../../server/src/track/matching';

describe('matchCost', () => {
  it.each<[string, Box, Box, number | null]>([
    ['identical boxes cost 0', [0, 0, 10, 10], [0, 0, 10, 10], 0],
    ['IoU 0.5 costs 0.5', [0, 0, 30, 10], [10, 0, 40, 10], 0.5],
    ['IoU just under the minimum falls back to the centre distance', [0, 0, 10, 10], [6, 0, 16, 10], 1 + 6 / Math.hypot(10, 10)],
    ['no overlap, centre within 0.6 diagonal: fallback match', [0, 0, 10, 10], [8, 0, 18, 10], 1 + 8 / Math.hypot(10, 10)],
    ['no overlap, centre too far', [0, 0, 10, 10], [20, 0, 30, 10], null],
    ['close but four times the area', [0, 0, 10, 10], [5, 0, 25, 20], null],
    ['an empty box never matches', [0, 0, 0, 10], [0, 0, 0, 10], null],
  ])('%s', (_name, t, d, expected) => {
    const c = matchCost(t, d, DEFAULT_MATCH_OPTIONS);
    if (expected === null) expect(c).toBeNull();
    else expect(c).toBeCloseTo(expected, 9);
  });

  it('ranks every overlap match above every fallback match', () => {
    const weakOverlap = matchCost([0, 0, 10, 10], [0, 0, 10, 23]) as number; // IoU 10/23 ≈ 0.43
    const closeFallback = matchCost([0, 0, 10, 10], [7, 0, 17, 10]) as number;
    expect(weakOverlap).toBeLessThan(1);
    expect(closeFallback).toBeGreaterThan(1);
  });
});

describe('matchBoxes', () => {
  it('pairs boxes regardless of their order', () => {
    const tracks: Box[] = [[0, 0, 10, 20], [100, 0, 110, 20]];
    const dets: Box[] = [[101, 1, 111, 21], [1, 1, 11, 21]];
    expect(matchBoxes(tracks, dets)).toEqual({ matches: [[0, 1], [1, 0]], unmatchedTracks: [], unmatchedDetections: [] });
  });

  it('chooses the best total, not the best single pair', () => {
    // Track 0 overlaps both detections; detection 0 is the only one track 1 can take.
    const tracks: Box[] = [[0, 0, 20, 20], [15, 0, 35, 20]];
    const dets: Box[] = [[8, 0, 28, 20], [0, 0, 18, 20]];
    const r = matchBoxes(tracks, dets);
    expect(r.matches).toEqual([[0, 1], [1, 0]]);
  });

  it('leaves far boxes unmatched', () => {
    const r = matchBoxes([[0, 0, 10, 10], [200, 200, 210, 210]], [[1, 0, 11, 10], [400, 0, 410, 10], [500, 0, 510, 10]]);
    expect(r).toEqual({ matches: [[0, 0]], unmatchedTracks: [1], unmatchedDetections: [1, 2] });
  });

  it('handles no tracks and no detections', () => {
    expect(matchBoxes([], [[0, 0, 1, 1]])).toEqual({ matches: [], unmatchedTracks: [], unmatchedDetections: [0] });
    expect(matchBoxes([[0, 0, 1, 1]], [])).toEqual({ matches: [], unmatchedTracks: [0], unmatchedDetections: [] });
  });
});

describe('matchByLabel', () => {
  it('never pairs different labels, even on the same box', () => {
    const r = matchByLabel([{ label: 'person', box: [0, 0, 10, 30] }], [{ label: 'car', box: [0, 0, 10, 30] }]);
    expect(r).toEqual({ matches: [], unmatchedTracks: [0], unmatchedDetections: [0] });
  });

  it('matches each label on its own and reports original indices', () => {
    const tracks = [
      { label: 'car', box: [200, 100, 300, 160] as Box },
      { label: 'person', box: [0, 0, 20, 60] as Box },
      { label: 'person', box: [50, 0, 70, 60] as Box },
    ];
    const dets = [
      { label: 'person', box: [52, 2, 72, 62] as Box },
      { label: 'dog', box: [400, 400, 430, 420] as Box },
      { label: 'car', box: [202, 100, 302, 160] as Box },
      { label: 'person', box: [1, 1, 21, 61] as Box },
    ];
    expect(matchByLabel(tracks, dets)).toEqual({ matches: [[0, 2], [1, 3], [2, 0]], unmatchedTracks: [], unmatchedDetections: [1] });
  });
});

// Pairs predicted track boxes with new detections of the same label: IoU first, and a
// centre-distance fallback for small or fast objects whose boxes no longer overlap enough.
import type { Box } from '../contracts/domain';
import { boxArea, boxCenter, boxHeight, boxWidth, iou } from '../geometry/box';
import { hungarian } from './hungarian';

export interface MatchOptions {
  /** Lowest IoU that counts as an overlap match. @default 0.3 */
  minIou: number;
  /** Fallback: largest centre distance as a share of the predicted box's diagonal. @default 0.6 */
  maxCenterDistance: number;
  /** Fallback: largest area ratio (either way) between prediction and detection. @default 2 */
  maxAreaRatio: number;
}

export const DEFAULT_MATCH_OPTIONS: MatchOptions = { minIou: 0.3, maxCenterDistance: 0.6, maxAreaRatio: 2 };

export interface MatchResult {
  /** [track index, detection index], sorted by track index. */
  matches: [number, number][];
  unmatchedTracks: number[];
  unmatchedDetections: number[];
}

export interface Labelled {
  label: string;
  box: Box;
}

/** A track as matching sees it: its predicted box, plus (while it is missing) where it was last
 * seen and how far the centre fallback may reach, in predicted-box diagonals. */
export interface TrackCandidate extends Labelled {
  lastSeen?: Box;
  maxCenterDistance?: number;
}

/** Cost of pairing a predicted track box with a detection box; null when they cannot pair.
 * Overlap matches cost 1 - IoU (< 1); fallback matches cost 1 + distance, so any overlap wins. */
export function matchCost(track: Box, det: Box, opts: MatchOptions = DEFAULT_MATCH_OPTIONS): number | null {
  const overlap = iou(track, det);
  if (overlap >= opts.minIou && overlap > 0) return 1 - overlap;
  const ta = boxArea(track);
  const da = boxArea(det);
  if (ta <= 0 || da <= 0) return null;
  const ratio = ta > da ? ta / da : da / ta;
  if (ratio > opts.maxAreaRatio) return null;
  const [tx, ty] = boxCenter(track);
  const [dx, dy] = boxCenter(det);
  const diagonal = Math.hypot(boxWidth(track), boxHeight(track));
  const distance = Math.hypot(tx - dx, ty - dy) / diagonal;
  return distance <= opts.maxCenterDistance ? 1 + distance : null;
}

/** Cost of a track candidate: the better of its prediction and (while missing) its last box. */
function candidateCost(t: TrackCandidate, det: Box, opts: MatchOptions): number | null {
  const o = t.maxCenterDistance !== undefined ? { ...opts, maxCenterDistance: t.maxCenterDistance } : opts;
  const a = matchCost(t.box, det, o);
  const b = t.lastSeen ? matchCost(t.lastSeen, det, o) : null;
  if (a === null) return b;
  return b === null ? a : Math.min(a, b);
}

/** Lowest-total-cost pairing of boxes (one label). */
export function matchBoxes(tracks: Array<Box | TrackCandidate>, dets: Box[], opts: MatchOptions = DEFAULT_MATCH_OPTIONS): MatchResult {
  const cands = tracks.map((t): TrackCandidate => (Array.isArray(t) ? { label: '', box: t as Box } : (t as TrackCandidate)));
  const costs = cands.map((t) => dets.map((d) => candidateCost(t, d, opts)));
  // Pairs that cannot match get a cost above every real one and are dropped after assignment.
  const widest = Math.max(opts.maxCenterDistance, ...cands.map((t) => t.maxCenterDistance ?? 0));
  const forbidden = 2 + widest;
  const assigned = hungarian(costs.map((row) => row.map((c) => c ?? forbidden)));
  const matches: [number, number][] = [];
  const usedDets = new Set<number>();
  assigned.forEach((d, t) => {
    const c = d >= 0 ? costs[t]?.[d] : null;
    if (c !== null && c !== undefined) {
      matches.push([t, d]);
      usedDets.add(d);
    }
  });
  const matchedTracks = new Set(matches.map(([t]) => t));
  return {
    matches,
    unmatchedTracks: tracks.map((_, i) => i).filter((i) => !matchedTracks.has(i)),
    unmatchedDetections: dets.map((_, i) => i).filter((i) => !usedDets.has(i)),
  };
}

/** Pairs tracks with detections label by label: a person never becomes a car. */
export function matchByLabel(tracks: TrackCandidate[], dets: Labelled[], opts: MatchOptions = DEFAULT_MATCH_OPTIONS): MatchResult {
  const labels = new Set([...tracks.map((t) => t.label), ...dets.map((d) => d.label)]);
  const matches: [number, number][] = [];
  for (const label of labels) {
    const ti = indicesOf(tracks, label);
    const di = indicesOf(dets, label);
    if (ti.length === 0 || di.length === 0) continue;
    const r = matchBoxes(ti.map((i) => tracks[i] as TrackCandidate), di.map((i) => (dets[i] as Labelled).box), opts);
    for (const [t, d] of r.matches) matches.push([ti[t] as number, di[d] as number]);
  }
  matches.sort((a, b) => a[0] - b[0]);
  const mt = new Set(matches.map(([t]) => t));
  const md = new Set(matches.map(([, d]) => d));
  return {
    matches,
    unmatchedTracks: tracks.map((_, i) => i).filter((i) => !mt.has(i)),
    unmatchedDetections: dets.map((_, i) => i).filter((i) => !md.has(i)),
  };
}

function indicesOf(items: Labelled[], label: string): number[] {
  const out: number[] = [];
  items.forEach((x, i) => {
    if (x.label === label) out.push(i);
  });
  return out;
}

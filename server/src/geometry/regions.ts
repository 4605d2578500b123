// Detector regions: squares of at least the model's input size around clustered motion and known
// objects, so the detector looks only where something happens, at close to its native resolution.
import type { Box } from '../contracts/domain';
import type { TrackedHint } from '../contracts/worker-protocol';
import { AppError } from '../lib/errors';
import { intersection } from './box';

export interface RegionInput {
  /** Motion boxes in detect-frame pixels. */
  motion: Box[];
  /** Tracked objects; only those with `include` are covered. */
  hints: TrackedHint[];
  frameWidth: number;
  frameHeight: number;
  /** Side of the model input (e.g. 416). */
  modelSize: number;
  /** Full-frame coverage instead of regions around motion. */
  scan: boolean;
  /** Square side = longer side of a cluster × padding. @default 1.35 */
  padding?: number;
}

export const DEFAULT_REGION_PADDING = 1.35;
/** Placed regions that overlap by at least this share of the smaller one are candidates to merge. */
export const OVERLAP_MERGE_SHARE = 0.5;
/** Such a merge may grow the larger region's side by this factor at most: a small loss of
 * resolution is worth one detector call less, a large one is not. */
export const OVERLAP_MERGE_GROWTH = 1.25;
/** A scan tile's side as a share of the frame's longer side: two tiles per axis overlap by 20%. */
export const SCAN_TILE_SHARE = 0.6;
/** Above this many boxes (a noisy frame) they are first merged per grid cell: clustering is cubic. */
export const MAX_CLUSTER_INPUT = 64;

interface Cluster {
  /** Integer union of the member boxes. */
  union: Box;
  /** Side the cluster's region needs (model size at least, frame's longer side at most). */
  side: number;
}

/** Regions (integer boxes inside the frame) the detector should look at. */
export function computeRegions(input: RegionInput): Box[] {
  const { frameWidth: w, frameHeight: h, modelSize } = input;
  const padding = input.padding ?? DEFAULT_REGION_PADDING;
  if (!isPositiveInt(w) || !isPositiveInt(h)) throw new AppError('bad_request', `frame size must be positive integers, got ${w}x${h}`);
  if (!isPositiveInt(modelSize)) throw new AppError('bad_request', `model size must be a positive integer, got ${modelSize}`);
  if (!Number.isFinite(padding) || padding < 1) throw new AppError('bad_request', `region padding must be ≥ 1, got ${padding}`);
  if (input.scan) return scanTiles(w, h, modelSize);

  const boxes = [...input.motion, ...input.hints.filter((x) => x.include).map((x) => x.box)];
  const frame = { w, h, modelSize, padding };
  let unions = boxes.map((b) => integerBox(b, w, h)).filter((b): b is Box => b !== null);
  if (unions.length > MAX_CLUSTER_INPUT) unions = gridMerge(unions, Math.max(1, Math.floor(modelSize / (2 * padding))));
  // Sorted first so ties between equally good merges do not depend on the input order.
  let clusters = sortBoxes(unions).map((u) => ({ union: u, side: sideFor(u, frame) }));
  // First cluster without growing any square (no resolution lost), then merge heavy overlaps.
  clusters = agglomerate(clusters, frame, (a, b) => Math.max(a.side, b.side), () => true);
  clusters = agglomerate(
    clusters,
    frame,
    (a, b) => Math.max(a.side, b.side) * OVERLAP_MERGE_GROWTH,
    (a, b) => {
      const ra = place(a, w, h);
      const rb = place(b, w, h);
      return intersection(ra, rb) >= OVERLAP_MERGE_SHARE * Math.min(area(ra), area(rb));
    },
  );
  return sortBoxes(dedupe(clusters.map((c) => place(c, w, h))));
}

/** Full-frame coverage: one tile when the frame fits the model input, else at most 2×2
 * overlapping square tiles of 60% of the longer side (sharper than one letterboxed frame). */
export function scanTiles(w: number, h: number, modelSize: number): Box[] {
  const longer = Math.max(w, h);
  const side = Math.min(longer, Math.max(modelSize, Math.ceil(longer * SCAN_TILE_SHARE)));
  const rw = Math.min(side, w);
  const rh = Math.min(side, h);
  const xs = w <= rw ? [0] : [0, w - rw];
  const ys = h <= rh ? [0] : [0, h - rh];
  return ys.flatMap((y) => xs.map((x): Box => [x, y, x + rw, y + rh]));
}

interface FrameInfo {
  w: number;
  h: number;
  modelSize: number;
  padding: number;
}

function sideFor(u: Box, f: FrameInfo): number {
  const need = Math.max(f.modelSize, Math.ceil(Math.max(u[2] - u[0], u[3] - u[1]) * f.padding));
  // A square larger than the frame is clamped to it; what matters is the longer placed side.
  return Math.min(need, Math.max(f.w, f.h));
}

/** Repeatedly merges the pair whose merged square (then union) is smallest, while the square
 * stays within `limit`. Candidate merges are cached and only the merged cluster's are redone. */
function agglomerate(
  start: Cluster[],
  f: FrameInfo,
  limit: (a: Cluster, b: Cluster) => number,
  eligible: (a: Cluster, b: Cluster) => boolean,
): Cluster[] {
  const clusters: (Cluster | null)[] = [...start];
  const n = clusters.length;
  const cand: (Candidate | null)[][] = clusters.map(() => new Array<Candidate | null>(n).fill(null));
  const evaluate = (i: number, j: number): void => {
    const a = clusters[i];
    const b = clusters[j];
    const row = cand[i] as (Candidate | null)[];
    row[j] = a && b ? candidate(a, b, f, limit, eligible) : null;
  };
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) evaluate(i, j);
  for (;;) {
    let best: { i: number; j: number; c: Candidate } | null = null;
    for (let i = 0; i < n; i++) {
      const row = cand[i] as (Candidate | null)[];
      for (let j = i + 1; j < n; j++) {
        const c = row[j];
        if (c && (!best || c.merged.side < best.c.merged.side || (c.merged.side === best.c.merged.side && c.tight < best.c.tight))) best = { i, j, c };
      }
    }
    if (!best) return clusters.filter((c): c is Cluster => c !== null);
    clusters[best.i] = best.c.merged;
    clusters[best.j] = null;
    for (let k = 0; k < n; k++) {
      if (k === best.i) continue;
      if (k < best.i) evaluate(k, best.i);
      else evaluate(best.i, k);
      if (k < best.j) evaluate(k, best.j);
      else if (k > best.j) evaluate(best.j, k);
    }
  }
}

interface Candidate {
  merged: Cluster;
  /** Area of the merged union: the tie-breaker between equal squares. */
  tight: number;
}

function candidate(a: Cluster, b: Cluster, f: FrameInfo, limit: (a: Cluster, b: Cluster) => number, eligible: (a: Cluster, b: Cluster) => boolean): Candidate | null {
  const union: Box = [Math.min(a.union[0], b.union[0]), Math.min(a.union[1], b.union[1]), Math.max(a.union[2], b.union[2]), Math.max(a.union[3], b.union[3])];
  const side = sideFor(union, f);
  if (side > limit(a, b) || !eligible(a, b)) return null;
  return { merged: { union, side }, tight: area(union) };
}

/** One union per grid cell (by box centre): a cheap first reduction of very many boxes. */
function gridMerge(boxes: Box[], cell: number): Box[] {
  const cells = new Map<string, Box>();
  for (const b of boxes) {
    const key = `${Math.floor((b[0] + b[2]) / 2 / cell)},${Math.floor((b[1] + b[3]) / 2 / cell)}`;
    const u = cells.get(key);
    cells.set(key, u ? [Math.min(u[0], b[0]), Math.min(u[1], b[1]), Math.max(u[2], b[2]), Math.max(u[3], b[3])] : b);
  }
  return [...cells.values()];
}

/** The cluster's square centred on its union, shifted (or clamped) to lie inside the frame. */
function place(c: Cluster, w: number, h: number): Box {
  const rw = Math.min(c.side, w);
  const rh = Math.min(c.side, h);
  const x = placeAxis(c.union[0], c.union[2], rw, w);
  const y = placeAxis(c.union[1], c.union[3], rh, h);
  return [x, y, x + rw, y + rh];
}

function placeAxis(lo: number, hi: number, size: number, limit: number): number {
  let start = Math.round((lo + hi - size) / 2);
  start = Math.max(Math.min(start, lo), hi - size); // keep the union inside
  return Math.min(Math.max(start, 0), limit - size);
}

/** The box grown to whole pixels and clamped to the frame; null when nothing of it is inside. */
function integerBox(b: Box, w: number, h: number): Box | null {
  if (!b.every(Number.isFinite)) return null;
  const x1 = Math.max(0, Math.floor(Math.min(b[0], b[2])));
  const y1 = Math.max(0, Math.floor(Math.min(b[1], b[3])));
  const x2 = Math.min(w, Math.ceil(Math.max(b[0], b[2])));
  const y2 = Math.min(h, Math.ceil(Math.max(b[1], b[3])));
  return x2 > x1 && y2 > y1 ? [x1, y1, x2, y2] : null;
}

function area(b: Box): number {
  return (b[2] - b[0]) * (b[3] - b[1]);
}

function dedupe(boxes: Box[]): Box[] {
  const seen = new Set<string>();
  return boxes.filter((b) => {
    const k = b.join(',');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function sortBoxes(boxes: Box[]): Box[] {
  return boxes.sort((a, b) => a[1] - b[1] || a[0] - b[0] || a[2] - b[2] || a[3] - b[3]);
}

function isPositiveInt(n: number): boolean {
  return Number.isInteger(n) && n > 0;
}

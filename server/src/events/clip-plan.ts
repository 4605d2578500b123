// Which parts of which segments make up a clip of [from, to]: per segment an optional in-point
// and out-point (seconds into the file) for ffmpeg's concat demuxer, and the holes left where no
// footage exists. Pure, so the arithmetic is table-tested.

export interface ClipSource {
  /** Absolute file path. */
  path: string;
  /** Epoch seconds. */
  start: number;
  end: number;
}

export interface ClipPart {
  path: string;
  /** Seconds into the file where the part starts (null = its beginning). */
  inpoint: number | null;
  /** Seconds into the file where the part ends (null = its end). */
  outpoint: number | null;
  /** The epoch span this part covers. */
  from: number;
  to: number;
}

export interface ClipPlan {
  parts: ClipPart[];
  /** Spans of [from, to] no segment covers, longer than HOLE_MIN_S. */
  holes: [number, number][];
}

/** Neighbouring segments may be a frame apart; that is not a hole. */
export const HOLE_MIN_S = 0.25;
/** Cuts this close to a file's edge are not worth an in/out-point. */
const EDGE_S = 0.001;
/** A part shorter than this holds no whole frame worth cutting. */
const MIN_PART_S = 0.01;

const round = (v: number) => Math.round(v * 1e6) / 1e6;

export function planClip(sources: readonly ClipSource[], from: number, to: number): ClipPlan {
  const parts: ClipPart[] = [];
  const holes: [number, number][] = [];
  let cursor = from;
  const sorted = [...sources].filter((s) => s.end > from && s.start < to && s.end > s.start).sort((a, b) => a.start - b.start || a.end - b.end);
  for (const s of sorted) {
    // Footage already covered (a duplicate or overlapping segment) is skipped, except that a seam
    // of a frame or so is kept whole: an in-point would make ffmpeg start at that file's keyframe.
    let partFrom = Math.max(from, s.start, cursor);
    const partTo = Math.min(to, s.end);
    if (partTo - partFrom < MIN_PART_S) continue;
    if (parts.length > 0 && partFrom > s.start && partFrom - s.start < HOLE_MIN_S) partFrom = s.start;
    if (partFrom - cursor > HOLE_MIN_S) holes.push([round(cursor), round(partFrom)]);
    parts.push({
      path: s.path,
      inpoint: partFrom - s.start > EDGE_S ? round(partFrom - s.start) : null,
      outpoint: s.end - partTo > EDGE_S ? round(partTo - s.start) : null,
      from: round(partFrom),
      to: round(partTo),
    });
    cursor = partTo;
  }
  if (to - cursor > HOLE_MIN_S) holes.push([round(cursor), round(to)]);
  return { parts, holes };
}

/** ffconcat text for the plan (paths single-quoted, quotes escaped the way ffmpeg reads them). */
export function concatList(parts: readonly ClipPart[]): string {
  const lines = ['ffconcat version 1.0'];
  for (const p of parts) {
    lines.push(`file '${p.path.replaceAll("'", "'\\''")}'`);
    if (p.inpoint !== null) lines.push(`inpoint ${p.inpoint.toFixed(6)}`);
    if (p.outpoint !== null) lines.push(`outpoint ${p.outpoint.toFixed(6)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Seconds of footage the plan asks for (the output can start earlier, at a keyframe). */
export function plannedSeconds(plan: ClipPlan): number {
  return plan.parts.reduce((s, p) => s + (p.to - p.from), 0);
}

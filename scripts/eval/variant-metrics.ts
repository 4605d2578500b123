// Numbers that judge a detector variant on the evaluation views: person recall and precision
// against the people counted by eye, agreement with the float model's boxes, and how far its raw
// outputs move from the float model's. Pure over the runs it is given.
import type { Detection } from '../../server/src/contracts/domain';
import { matchBoxes, scorePoints } from './detection-match';
import type { EvalView, ViewKind } from './eval-views';

export interface ViewRun {
  detections: Detection[];
  /** Raw outputs in the decoder's order. */
  outputs: ArrayLike<number>[];
}

export interface CountTally {
  people: number;
  hits: number;
  misses: number;
  falseAlarms: number;
  ignored: number;
  recall: number;
  precision: number;
}

export interface AgreementTally {
  reference: number;
  candidate: number;
  matched: number;
  /** Share of the reference's boxes the candidate reproduces (IoU ≥ 0.5). */
  recall: number;
  /** Share of the candidate's boxes that the reference also has. */
  precision: number;
  meanIou: number;
}

const round = (v: number, digits = 4) => Number(v.toFixed(digits));
const people = (ds: readonly Detection[], threshold: number) => ds.filter((d) => d.label === 'person' && d.score >= threshold);

export function tallyCounts(views: readonly EvalView[], runs: readonly ViewRun[], threshold: number, kinds?: readonly ViewKind[]): CountTally {
  const t = { people: 0, hits: 0, misses: 0, falseAlarms: 0, ignored: 0 };
  views.forEach((v, i) => {
    if (kinds && !kinds.includes(v.kind)) return;
    const s = scorePoints(people((runs[i] as ViewRun).detections, threshold).map((d) => d.box), v.people, v.dontCare);
    t.people += v.people.length;
    t.hits += s.hits;
    t.misses += s.misses;
    t.falseAlarms += s.falseAlarms;
    t.ignored += s.ignored;
  });
  return { ...t, recall: round(t.hits / Math.max(1, t.people)), precision: round(t.hits / Math.max(1, t.hits + t.falseAlarms)) };
}

/** Box agreement with the reference run, for one label (or every label, matched label by label). */
export function tallyAgreement(reference: readonly ViewRun[], candidate: readonly ViewRun[], threshold: number, label: string | null): AgreementTally {
  let ref = 0;
  let cand = 0;
  let matched = 0;
  let iouSum = 0;
  reference.forEach((r, i) => {
    const c = candidate[i] as ViewRun;
    const keep = (ds: Detection[]) => ds.filter((d) => d.score >= threshold && (label === null || d.label === label));
    const rs = keep(r.detections);
    const cs = keep(c.detections);
    for (const l of new Set([...rs, ...cs].map((d) => d.label))) {
      const a = matchBoxes(rs.filter((d) => d.label === l).map((d) => d.box), cs.filter((d) => d.label === l).map((d) => d.box));
      ref += a.reference;
      cand += a.candidate;
      matched += a.matched;
      if (a.matched > 0) iouSum += a.meanIou * a.matched;
    }
  });
  return {
    reference: ref,
    candidate: cand,
    matched,
    recall: round(matched / Math.max(1, ref)),
    precision: round(matched / Math.max(1, cand)),
    meanIou: round(matched > 0 ? iouSum / matched : NaN),
  };
}

/** Max and mean |candidate − reference| per output, over all views. */
export function outputDiffs(reference: readonly ViewRun[], candidate: readonly ViewRun[], names: readonly string[]): Record<string, { max: number; mean: number }> {
  const out: Record<string, { max: number; mean: number }> = {};
  names.forEach((name, k) => {
    let max = 0;
    let sum = 0;
    let n = 0;
    reference.forEach((r, i) => {
      const a = r.outputs[k] as ArrayLike<number>;
      const b = (candidate[i] as ViewRun).outputs[k] as ArrayLike<number>;
      for (let j = 0; j < a.length; j++) {
        const d = Math.abs((a[j] as number) - (b[j] as number));
        if (d > max) max = d;
        sum += d;
      }
      n += a.length;
    });
    out[name] = { max: round(max, 5), mean: round(sum / Math.max(1, n), 6) };
  });
  return out;
}

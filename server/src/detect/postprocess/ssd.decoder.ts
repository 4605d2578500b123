// SSD decoding in the TensorFlow Object Detection API export style (NMS inside the graph): boxes
// [1, N, 4] as normalised (ymin, xmin, ymax, xmax), classes [1, N] (class ids that index the label
// list directly; COCO models use 1-based ids with gaps), scores [1, N], count [1].
import type { ScoredBox } from '../nms';
import { dimFits, expectDims, outputsMismatch, type FamilyDecoder, type OutputInfo } from './decoder';

const EXPECTED = 'boxes [1, N, 4], classes [1, N], scores [1, N], count [1] (in that order)';

const isBoxes = (o: OutputInfo) => o.shape.length === 3 && dimFits(o.shape, 0, 1) && dimFits(o.shape, 2, 4);
const isPerBox = (o: OutputInfo) => o.shape.length === 2 && dimFits(o.shape, 0, 1);
const isCount = (o: OutputInfo) => o.shape.length <= 1 && (o.shape.length === 0 || dimFits(o.shape, 0, 1));

function check(ordered: readonly OutputInfo[], all: readonly OutputInfo[]): void {
  const [b, c, s, n] = ordered;
  if (ordered.length !== 4 || !b || !c || !s || !n || !isBoxes(b) || !isPerBox(c) || !isPerBox(s) || !isCount(n)) {
    throw outputsMismatch('ssd', EXPECTED, all);
  }
}

export const ssdDecoder: FamilyDecoder = {
  family: 'ssd',

  selectOutputs(outputs) {
    const byName = (re: RegExp, ok: (o: OutputInfo) => boolean) => outputs.find((o) => re.test(o.name) && ok(o));
    let boxes = byName(/box/i, isBoxes);
    let classes = byName(/class/i, isPerBox);
    let scores = byName(/score/i, isPerBox);
    let count = byName(/num|count/i, isCount);
    // Unhelpful names: fall back to shapes, taking per-box outputs in the model's order (classes first, as TF exports them).
    const used = () => new Set([boxes, classes, scores, count].filter(Boolean));
    boxes ??= outputs.find((o) => isBoxes(o) && !used().has(o));
    count ??= outputs.find((o) => isCount(o) && !used().has(o));
    classes ??= outputs.find((o) => isPerBox(o) && !used().has(o));
    scores ??= outputs.find((o) => isPerBox(o) && !used().has(o));
    const ordered = [boxes, classes, scores, count].filter((o): o is OutputInfo => o !== undefined);
    check(ordered, outputs);
    return ordered.map((o) => o.name);
  },

  checkOutputs(ordered) {
    check(ordered, ordered);
  },

  decode(outputs, ctx) {
    const [b, c, s, n] = outputs;
    if (!b || !c || !s || !n) return [];
    const max = b.dims[1] ?? 0;
    expectDims('ssd', b, '[1, N, 4]', b.dims.length === 3 && b.dims[2] === 4);
    expectDims('ssd', c, `[1, ${max}]`, c.dims.length === 2 && (c.dims[1] ?? 0) >= max);
    expectDims('ssd', s, `[1, ${max}]`, s.dims.length === 2 && (s.dims[1] ?? 0) >= max);
    const count = Math.min(max, Math.max(0, Math.round((n.data[0] as number | undefined) ?? max)));
    const out: ScoredBox[] = [];
    for (let i = 0; i < count; i++) {
      const score = s.data[i] as number;
      if (score < ctx.minScore) continue;
      const ymin = b.data[i * 4] as number;
      const xmin = b.data[i * 4 + 1] as number;
      const ymax = b.data[i * 4 + 2] as number;
      const xmax = b.data[i * 4 + 3] as number;
      out.push({
        cls: Math.round(c.data[i] as number),
        score,
        box: [xmin * ctx.inputWidth, ymin * ctx.inputHeight, xmax * ctx.inputWidth, ymax * ctx.inputHeight],
      });
    }
    return out;
  },
};

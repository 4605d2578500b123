// YOLOv8 (Ultralytics detect export) decoding: one output [1, 4 + C, N] (cx, cy, w, h in input
// pixels, then class scores; no objectness). [1, N, 4 + C] exports are read too. Each anchor keeps
// its best class, as Ultralytics' own NMS does by default.
import type { ScoredBox } from '../nms';
import { dimFits, expectDims, fixedDim, outputsMismatch, type FamilyDecoder, type OutputInfo } from './decoder';

const EXPECTED = 'one output [1, 4 + C, N] (or [1, N, 4 + C])';

function fits(o: OutputInfo, classes: number): boolean {
  if (o.shape.length !== 3 || !dimFits(o.shape, 0, 1)) return false;
  return fixedDim(o.shape, 1) === 4 + classes || fixedDim(o.shape, 2) === 4 + classes;
}

export const yolov8Decoder: FamilyDecoder = {
  family: 'yolov8',

  selectOutputs(outputs, ctx) {
    // Segmentation/pose exports add more outputs; the detection head is the first that fits.
    const o = outputs.find((x) => fits(x, ctx.classes));
    if (!o) throw outputsMismatch('yolov8', EXPECTED, outputs);
    return [o.name];
  },

  checkOutputs(ordered, ctx) {
    if (ordered.length !== 1 || !fits(ordered[0] as OutputInfo, ctx.classes)) throw outputsMismatch('yolov8', EXPECTED, ordered);
  },

  decode(outputs, ctx) {
    const t = outputs[0];
    const ch = 4 + ctx.classes;
    if (!t) return [];
    const channelsFirst = t.dims[1] === ch;
    expectDims('yolov8', t, `[1, ${ch}, N] or [1, N, ${ch}]`, t.dims.length === 3 && (channelsFirst || t.dims[2] === ch));
    const n = (channelsFirst ? t.dims[2] : t.dims[1]) as number;
    const d = t.data;
    // Element (channel k, anchor j); class-major scans stay contiguous for the usual layout.
    const at = channelsFirst ? (k: number, j: number) => d[k * n + j] as number : (k: number, j: number) => d[j * ch + k] as number;
    const best = new Float32Array(n).fill(-Infinity);
    const bestCls = new Int32Array(n);
    for (let c = 0; c < ctx.classes; c++) {
      for (let j = 0; j < n; j++) {
        const v = at(4 + c, j);
        if (v > (best[j] as number)) {
          best[j] = v;
          bestCls[j] = c;
        }
      }
    }
    const out: ScoredBox[] = [];
    for (let j = 0; j < n; j++) {
      const score = best[j] as number;
      if (score < ctx.minScore) continue;
      const cx = at(0, j);
      const cy = at(1, j);
      const w = at(2, j);
      const h = at(3, j);
      out.push({ cls: bestCls[j] as number, score, box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2] });
    }
    return out;
  },
};

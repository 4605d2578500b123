// YOLOX (official ONNX export, decode_in_inference off) decoding: one output [1, N, 5 + C] of raw
// grid values for strides 8, 16, 32 in that order, row-major per grid; objectness and class
// scores already have their sigmoid. Box: ((x + col)·s, (y + row)·s, exp(w)·s, exp(h)·s), score obj·cls.
import type { ScoredBox } from '../nms';
import { dimFits, expectDims, fixedDim, outputsMismatch, type DecodeContext, type FamilyDecoder, type OutputInfo } from './decoder';

const STRIDES = [8, 16, 32];
const EXPECTED = 'one output [1, N, 5 + C] with N = Σ (H/s)·(W/s) over strides 8, 16, 32';

/** Anchor count of YOLOX's grids for an input size (YOLOX floors H/s and W/s). */
export function yoloxAnchors(inputWidth: number, inputHeight: number): number {
  return STRIDES.reduce((n, s) => n + Math.floor(inputWidth / s) * Math.floor(inputHeight / s), 0);
}

function fits(o: OutputInfo, ctx: DecodeContext): boolean {
  return (
    o.shape.length === 3 &&
    dimFits(o.shape, 0, 1) &&
    fixedDim(o.shape, 2) === 5 + ctx.classes &&
    dimFits(o.shape, 1, yoloxAnchors(ctx.inputWidth, ctx.inputHeight))
  );
}

export const yoloxDecoder: FamilyDecoder = {
  family: 'yolox',

  selectOutputs(outputs, ctx) {
    const o = outputs.find((x) => fits(x, ctx));
    if (!o) throw outputsMismatch('yolox', EXPECTED, outputs);
    return [o.name];
  },

  checkOutputs(ordered, ctx) {
    if (ordered.length !== 1 || !fits(ordered[0] as OutputInfo, ctx)) throw outputsMismatch('yolox', EXPECTED, ordered);
  },

  decode(outputs, ctx) {
    const t = outputs[0];
    if (!t) return [];
    const ch = 5 + ctx.classes;
    const n = yoloxAnchors(ctx.inputWidth, ctx.inputHeight);
    expectDims('yolox', t, `[1, ${n}, ${ch}]`, t.dims.length === 3 && t.dims[1] === n && t.dims[2] === ch);
    const d = t.data;
    const out: ScoredBox[] = [];
    let j = 0;
    for (const s of STRIDES) {
      const gw = Math.floor(ctx.inputWidth / s);
      const gh = Math.floor(ctx.inputHeight / s);
      for (let row = 0; row < gh; row++) {
        for (let col = 0; col < gw; col++, j++) {
          const base = j * ch;
          const obj = d[base + 4] as number;
          // score = obj·cls ≤ obj: most anchors end here.
          if (obj < ctx.minScore) continue;
          let cls = 0;
          let best = -Infinity;
          for (let c = 0; c < ctx.classes; c++) {
            const v = d[base + 5 + c] as number;
            if (v > best) {
              best = v;
              cls = c;
            }
          }
          const score = obj * best;
          if (score < ctx.minScore) continue;
          const cx = ((d[base] as number) + col) * s;
          const cy = ((d[base + 1] as number) + row) * s;
          const w = Math.exp(d[base + 2] as number) * s;
          const h = Math.exp(d[base + 3] as number) * s;
          out.push({ cls, score, box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2] });
        }
      }
    }
    return out;
  },
};

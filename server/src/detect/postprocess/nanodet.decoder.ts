// NanoDet (GFL head) decoding: per stride, class scores [1, cells, C] (sigmoid applied) and box
// logits [1, cells, 4·bins] (sides l, t, r, b, side-major); distance per side is
// stride × Σ b·softmax(bins)_b from the cell centre ((col + 0.5)·stride, (row + 0.5)·stride).
import type { ScoredBox } from '../nms';
import {
  dimFits,
  expectDims,
  fixedDim,
  outputsMismatch,
  type DecodeContext,
  type FamilyDecoder,
  type OutputInfo,
  type OutputTensor,
} from './decoder';

const STRIDES = [8, 16, 32, 64, 128];
const EXPECTED = 'class scores [1, cells, C] per stride, then box logits [1, cells, 4·bins] per stride';

/** The stride whose grid over the input has exactly `cells` cells, or null. */
export function strideForCells(cells: number, inputWidth: number, inputHeight: number): number | null {
  for (const s of STRIDES) if (Math.ceil(inputWidth / s) * Math.ceil(inputHeight / s) === cells) return s;
  return null;
}

function isRank3(o: OutputInfo): boolean {
  return o.shape.length === 3 && dimFits(o.shape, 0, 1);
}

function check(ordered: readonly OutputInfo[], ctx: DecodeContext, all: readonly OutputInfo[]): void {
  const fail = () => outputsMismatch('nanodet', EXPECTED, all);
  if (ordered.length < 2 || ordered.length % 2 !== 0 || !ordered.every(isRank3)) throw fail();
  const levels = ordered.length / 2;
  for (let i = 0; i < levels; i++) {
    const s = ordered[i] as OutputInfo;
    const r = ordered[i + levels] as OutputInfo;
    if (!dimFits(s.shape, 2, ctx.classes)) throw fail();
    const sides = fixedDim(r.shape, 2);
    if (sides !== null && (sides % 4 !== 0 || sides < 8)) throw fail();
    const cs = fixedDim(s.shape, 1);
    const cr = fixedDim(r.shape, 1);
    if (cs !== null && cr !== null && cs !== cr) throw fail();
    const cells = cs ?? cr;
    if (cells !== null && strideForCells(cells, ctx.inputWidth, ctx.inputHeight) === null) throw fail();
  }
}

function byCellsDesc(a: OutputInfo, b: OutputInfo): number {
  return (fixedDim(b.shape, 1) ?? 0) - (fixedDim(a.shape, 1) ?? 0);
}

export const nanodetDecoder: FamilyDecoder = {
  family: 'nanodet',

  selectOutputs(outputs, ctx) {
    const rank3 = outputs.filter(isRank3);
    const scores = rank3.filter((o) => fixedDim(o.shape, 2) === ctx.classes);
    const boxes = rank3.filter((o) => {
      const d = fixedDim(o.shape, 2);
      return d !== null && d !== ctx.classes && d % 4 === 0;
    });
    // Array.prototype.sort is stable: outputs with unknown cell counts keep the model's order.
    const ordered = [...[...scores].sort(byCellsDesc), ...[...boxes].sort(byCellsDesc)];
    check(ordered, ctx, outputs);
    return ordered.map((o) => o.name);
  },

  checkOutputs(ordered, ctx) {
    check(ordered, ctx, ordered);
  },

  decode(outputs: readonly OutputTensor[], ctx: DecodeContext): ScoredBox[] {
    const out: ScoredBox[] = [];
    const levels = outputs.length / 2;
    const C = ctx.classes;
    for (let i = 0; i < levels; i++) {
      const S = outputs[i] as OutputTensor;
      const R = outputs[i + levels] as OutputTensor;
      const cells = S.dims[1] ?? 0;
      const stride = strideForCells(cells, ctx.inputWidth, ctx.inputHeight);
      expectDims('nanodet', S, `[1, cells, ${C}]`, S.dims.length === 3 && S.dims[2] === C && stride !== null);
      expectDims('nanodet', R, `[1, ${cells}, 4·bins]`, R.dims.length === 3 && R.dims[1] === cells && (R.dims[2] ?? 0) % 4 === 0);
      const s = stride as number;
      const grid = Math.ceil(ctx.inputWidth / s);
      const bins = (R.dims[2] as number) / 4;
      const sd = S.data;
      const rd = R.data;
      for (let cell = 0; cell < cells; cell++) {
        const base = cell * C;
        let any = false;
        for (let c = 0; c < C; c++) {
          if ((sd[base + c] as number) >= ctx.minScore) {
            any = true;
            break;
          }
        }
        if (!any) continue;
        const cx = ((cell % grid) + 0.5) * s;
        const cy = (Math.floor(cell / grid) + 0.5) * s;
        const rb = cell * 4 * bins;
        const l = s * expectedBin(rd, rb, bins);
        const t = s * expectedBin(rd, rb + bins, bins);
        const r = s * expectedBin(rd, rb + 2 * bins, bins);
        const b = s * expectedBin(rd, rb + 3 * bins, bins);
        for (let c = 0; c < C; c++) {
          const score = sd[base + c] as number;
          if (score >= ctx.minScore) out.push({ cls: c, score, box: [cx - l, cy - t, cx + r, cy + b] });
        }
      }
    }
    return out;
  },
};

/** Σ b·softmax(logits)_b over `bins` logits starting at `start` (numerically stable). */
export function expectedBin(data: ArrayLike<number>, start: number, bins: number): number {
  let max = -Infinity;
  for (let b = 0; b < bins; b++) max = Math.max(max, data[start + b] as number);
  let sum = 0;
  let weighted = 0;
  for (let b = 0; b < bins; b++) {
    const e = Math.exp((data[start + b] as number) - max);
    sum += e;
    weighted += b * e;
  }
  return weighted / sum;
}

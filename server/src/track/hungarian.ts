// Minimum-cost assignment (Hungarian method with potentials, O(n²·m)): pairs tracks with
// detections so the total cost is lowest, where a greedy pass can lock in a wrong early pair.
import { AppError } from '../lib/errors';

/**
 * For each row of `cost` (rows × cols, finite numbers), the column assigned to it, or -1 when
 * there are more rows than columns and the row is left over. Every column is used at most once.
 */
export function hungarian(cost: number[][]): number[] {
  const n = cost.length;
  if (n === 0) return [];
  const m = (cost[0] as number[]).length;
  for (const row of cost) {
    if (row.length !== m) throw new AppError('bad_request', 'cost matrix rows differ in length');
    if (!row.every(Number.isFinite)) throw new AppError('bad_request', 'cost matrix holds a non-finite value');
  }
  if (m === 0) return new Array<number>(n).fill(-1);
  if (n > m) {
    const byCol = solve(transpose(cost), m, n);
    const out = new Array<number>(n).fill(-1);
    byCol.forEach((row, col) => {
      if (row >= 0) out[row] = col;
    });
    return out;
  }
  return solve(cost, n, m);
}

/** n ≤ m. Potentials u (rows) and v (columns) keep reduced costs ≥ 0; p[j] is column j's row. */
function solve(cost: number[][], n: number, m: number): number[] {
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(m + 1).fill(Infinity);
    const used = new Uint8Array(m + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0] as number;
      const row = cost[i0 - 1] as number[];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = (row[j - 1] as number) - (u[i0] as number) - (v[j] as number);
        if (cur < (minv[j] as number)) {
          minv[j] = cur;
          way[j] = j0;
        }
        if ((minv[j] as number) < delta) {
          delta = minv[j] as number;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j] as number] = (u[p[j] as number] as number) + delta;
          v[j] = (v[j] as number) - delta;
        } else {
          minv[j] = (minv[j] as number) - delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0] as number;
      p[j0] = p[j1] as number;
      j0 = j1;
    } while (j0 !== 0);
  }
  const out = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) if ((p[j] as number) > 0) out[(p[j] as number) - 1] = j - 1;
  return out;
}

function transpose(a: number[][]): number[][] {
  const cols = (a[0] as number[]).length;
  return Array.from({ length: cols }, (_, j) => a.map((row) => row[j] as number));
}

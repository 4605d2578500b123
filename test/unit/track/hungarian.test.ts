import { hungarian } from '../../../server/src/track/hungarian';
import { AppError } from '../../../server/src/lib/errors';

function total(cost: number[][], a: number[]): number {
  return a.reduce((s, c, r) => (c >= 0 ? s + (cost[r]?.[c] as number) : s), 0);
}

/** Best total by trying every injective assignment of the smaller side. */
function bruteForce(cost: number[][]): number {
  const n = cost.length;
  const m = cost[0]?.length ?? 0;
  const k = Math.min(n, m);
  let best = Infinity;
  const rec = (row: number, used: Set<number>, sum: number, assigned: number): void => {
    if (assigned === k || row === n) {
      if (assigned === k) best = Math.min(best, sum);
      return;
    }
    if (n - row > k - assigned) rec(row + 1, used, sum, assigned); // leave this row out
    for (let c = 0; c < m; c++) {
      if (used.has(c)) continue;
      used.add(c);
      rec(row + 1, used, sum + (cost[row]?.[c] as number), assigned + 1);
      used.delete(c);
    }
  };
  rec(0, new Set(), 0, 0);
  return best;
}

describe('hungarian', () => {
  it.each<[string, number[][], number[]]>([
    ['square', [[4, 1, 3], [2, 0, 5], [3, 2, 2]], [1, 0, 2]],
    ['greedy trap: the cheapest pair is not part of the best assignment', [[1, 2], [2, 100]], [1, 0]],
    ['more rows than columns: leftover rows get -1', [[5], [1], [3]], [-1, 0, -1]],
    ['more columns than rows', [[3, 1, 2]], [1]],
    ['no rows', [], []],
    ['no columns', [[], []], [-1, -1]],
    ['negative costs', [[-1, -5], [-3, -2]], [1, 0]],
  ])('%s', (_name, cost, expected) => {
    expect(hungarian(cost)).toEqual(expected);
  });

  it('finds the optimum on random matrices (checked by brute force)', () => {
    let seed = 7;
    const rand = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (const [n, m] of [[4, 4], [5, 5], [3, 6], [6, 3], [6, 6]] as const) {
      for (let k = 0; k < 20; k++) {
        const cost = Array.from({ length: n }, () => Array.from({ length: m }, () => Math.round(rand() * 100) / 10));
        const a = hungarian(cost);
        const cols = a.filter((c) => c >= 0);
        expect(new Set(cols).size).toBe(cols.length);
        expect(cols.length).toBe(Math.min(n, m));
        expect(total(cost, a)).toBeCloseTo(bruteForce(cost), 9);
      }
    }
  });

  it('rejects ragged or non-finite matrices', () => {
    expect(() => hungarian([[1, 2], [3]])).toThrow(AppError);
    expect(() => hungarian([[1, Infinity]])).toThrow(/non-finite/);
  });
});

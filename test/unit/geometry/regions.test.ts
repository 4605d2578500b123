import type { Box } from '../../../server/src/contracts/domain';
import { computeRegions, scanTiles } from '../../../server/src/geometry/regions';
import { AppError } from '../../../server/src/lib/errors';

const base = { hints: [], frameWidth: 768, frameHeight: 576, modelSize: 416, scan: false };

describe('computeRegions', () => {
  it.each<[string, Box[], Box[]]>([
    ['nothing moves: no regions', [], []],
    ['a small box near the corner: a model-sized square shifted into the frame', [[100, 100, 150, 200]], [[0, 0, 416, 416]]],
    ['a small box in the middle: a square centred on it', [[300, 200, 340, 280]], [[112, 32, 528, 448]]],
    ['two close boxes: one square around both', [[300, 200, 340, 280], [360, 210, 400, 290]], [[142, 37, 558, 453]]],
    ['two far boxes: two squares', [[10, 10, 50, 90], [700, 480, 760, 570]], [[0, 0, 416, 416], [352, 160, 768, 576]]],
    ['a box larger than the model input: its padded square', [[300, 100, 420, 500]], [[90, 30, 630, 570]]],
    ['a box wider than the frame is tall: clamped to the frame', [[100, 0, 700, 576]], [[0, 0, 768, 576]]],
    ['heavily overlapping squares merge (union side 432 ≤ 1.25 × 416)', [[100, 200, 200, 300], [320, 200, 420, 300]], [[44, 34, 476, 466]]],
    ['squares overlapping less than half stay apart', [[100, 200, 200, 300], [400, 200, 500, 300]], [[0, 42, 416, 458], [242, 42, 658, 458]]],
    ['a box partly outside the frame is clamped first', [[700, 500, 900, 700]], [[352, 160, 768, 576]]],
    ['a box entirely outside the frame is ignored', [[800, 600, 900, 700]], []],
    ['non-finite and empty boxes are ignored', [[Number.NaN, 0, 10, 10], [50, 50, 50, 80]], []],
    ['fractional boxes grow to whole pixels: integer regions', [[300.4, 200.2, 340.6, 280.9]], [[113, 33, 529, 449]]],
  ])('%s', (_name, motion, expected) => {
    expect(computeRegions({ ...base, motion })).toEqual(expected);
  });

  it('covers tracked objects that are included and skips the others', () => {
    const hints = [
      { box: [300, 200, 340, 280] as Box, include: true },
      { box: [10, 10, 50, 90] as Box, include: false },
    ];
    expect(computeRegions({ ...base, motion: [], hints })).toEqual([[112, 32, 528, 448]]);
  });

  it('clusters a tracked object with nearby motion', () => {
    const hints = [{ box: [360, 210, 400, 290] as Box, include: true }];
    expect(computeRegions({ ...base, motion: [[300, 200, 340, 280]], hints })).toEqual([[142, 37, 558, 453]]);
  });

  it('uses the whole frame when the frame is smaller than the model input', () => {
    const r = computeRegions({ ...base, frameWidth: 320, frameHeight: 240, motion: [[10, 10, 20, 20], [300, 200, 310, 230]] });
    expect(r).toEqual([[0, 0, 320, 240]]);
  });

  it('honours a custom padding', () => {
    // 400 px tall box × 1.0 padding = 400 < 416, so the model size wins; × 1.5 = 600.
    expect(computeRegions({ ...base, motion: [[300, 100, 420, 500]], padding: 1 })).toEqual([[152, 92, 568, 508]]);
    expect(computeRegions({ ...base, motion: [[300, 100, 420, 500]], padding: 1.5 })).toEqual([[60, 0, 660, 576]]);
  });

  it('does not depend on the order of the boxes', () => {
    const boxes: Box[] = [[10, 10, 50, 90], [300, 200, 340, 280], [360, 210, 400, 290], [700, 480, 760, 570], [100, 200, 200, 300]];
    const expected = computeRegions({ ...base, motion: boxes });
    const reversed = computeRegions({ ...base, motion: [...boxes].reverse() });
    const rotated = computeRegions({ ...base, motion: [...boxes.slice(2), ...boxes.slice(0, 2)] });
    expect(reversed).toEqual(expected);
    expect(rotated).toEqual(expected);
  });

  it('keeps every box inside some region, regions inside the frame and at least model-sized (random boxes)', () => {
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 200; round++) {
      const motion: Box[] = [];
      const n = 1 + Math.floor(rand() * 12);
      for (let i = 0; i < n; i++) {
        const x = rand() * 760;
        const y = rand() * 570;
        motion.push([x, y, Math.min(768, x + 2 + rand() * 300), Math.min(576, y + 2 + rand() * 300)]);
      }
      const regions = computeRegions({ ...base, motion });
      expect(regions.length).toBeGreaterThan(0);
      expect(regions.length).toBeLessThanOrEqual(n);
      for (const r of regions) {
        expect(r.every(Number.isInteger)).toBe(true);
        expect(r[0]).toBeGreaterThanOrEqual(0);
        expect(r[1]).toBeGreaterThanOrEqual(0);
        expect(r[2]).toBeLessThanOrEqual(768);
        expect(r[3]).toBeLessThanOrEqual(576);
        expect(r[2] - r[0]).toBeGreaterThanOrEqual(416);
        expect(r[3] - r[1]).toBeGreaterThanOrEqual(416);
      }
      for (const b of motion) {
        const inside = regions.some((r) => r[0] <= b[0] && r[1] <= b[1] && r[2] >= b[2] && r[3] >= b[3]);
        expect(inside).toBe(true);
      }
    }
  });

  it('reduces a very noisy frame (300 boxes) to few regions that still cover every box', () => {
    const motion: Box[] = [];
    for (let i = 0; i < 300; i++) {
      const x = (i * 37) % 740;
      const y = (i * 53) % 550;
      motion.push([x, y, x + 4 + (i % 20), y + 4 + (i % 17)]);
    }
    const regions = computeRegions({ ...base, motion });
    expect(regions.length).toBeGreaterThan(0);
    expect(regions.length).toBeLessThanOrEqual(6);
    for (const b of motion) expect(regions.some((r) => r[0] <= b[0] && r[1] <= b[1] && r[2] >= b[2] && r[3] >= b[3])).toBe(true);
  });

  it('rejects a bad frame or model size with a clear error', () => {
    expect(() => computeRegions({ ...base, frameWidth: 0, motion: [] })).toThrow(AppError);
    expect(() => computeRegions({ ...base, frameHeight: 10.5, motion: [] })).toThrow(/frame size/);
    expect(() => computeRegions({ ...base, modelSize: -1, motion: [] })).toThrow(/model size/);
    expect(() => computeRegions({ ...base, padding: 0.5, motion: [] })).toThrow(/padding/);
  });
});

describe('scan coverage', () => {
  it.each<[number, number, number, Box[]]>([
    [768, 576, 416, [[0, 0, 461, 461], [307, 0, 768, 461], [0, 115, 461, 576], [307, 115, 768, 576]]],
    [1280, 720, 416, [[0, 0, 768, 720], [512, 0, 1280, 720]]],
    [640, 480, 320, [[0, 0, 384, 384], [256, 0, 640, 384], [0, 96, 384, 480], [256, 96, 640, 480]]],
    [416, 416, 416, [[0, 0, 416, 416]]],
    [320, 240, 416, [[0, 0, 320, 240]]],
    [576, 768, 416, [[0, 0, 461, 461], [115, 0, 576, 461], [0, 307, 461, 768], [115, 307, 576, 768]]],
  ])('%ix%i at model %i', (w, h, model, expected) => {
    expect(scanTiles(w, h, model)).toEqual(expected);
    expect(computeRegions({ motion: [[1, 1, 5, 5]], hints: [], frameWidth: w, frameHeight: h, modelSize: model, scan: true })).toEqual(expected);
  });
});

// Per-class NMS on literal boxes.
import { nms, type ScoredBox } from '../../../server/src/detect/nms';

const b = (cls: number, score: number, box: [number, number, number, number]): ScoredBox => ({ cls, score, box });

describe('nms', () => {
  test.each<[string, ScoredBox[], number, number, ScoredBox[]]>([
    ['empty', [], 0.5, 100, []],
    // IoU([0,0,10,10],[1,0,11,10]) = 90/110 ≈ 0.82 > 0.5: the weaker one goes.
    ['overlap, same class', [b(0, 0.8, [1, 0, 11, 10]), b(0, 0.9, [0, 0, 10, 10])], 0.5, 100, [b(0, 0.9, [0, 0, 10, 10])]],
    ['overlap, different classes', [b(1, 0.8, [1, 0, 11, 10]), b(0, 0.9, [0, 0, 10, 10])], 0.5, 100, [b(0, 0.9, [0, 0, 10, 10]), b(1, 0.8, [1, 0, 11, 10])]],
    // IoU([0,0,10,10],[5,0,15,10]) = 50/150 ≈ 0.33 ≤ 0.5: both stay.
    ['small overlap', [b(0, 0.7, [5, 0, 15, 10]), b(0, 0.9, [0, 0, 10, 10])], 0.5, 100, [b(0, 0.9, [0, 0, 10, 10]), b(0, 0.7, [5, 0, 15, 10])]],
    ['same overlap, lower threshold', [b(0, 0.7, [5, 0, 15, 10]), b(0, 0.9, [0, 0, 10, 10])], 0.3, 100, [b(0, 0.9, [0, 0, 10, 10])]],
    // A chain: C overlaps B (dropped by A) but not A, so C stays (greedy, against kept boxes only).
    [
      'chain',
      [b(0, 0.9, [0, 0, 10, 10]), b(0, 0.8, [2, 0, 12, 10]), b(0, 0.7, [9, 0, 19, 10])],
      0.5,
      100,
      [b(0, 0.9, [0, 0, 10, 10]), b(0, 0.7, [9, 0, 19, 10])],
    ],
    ['max detections keeps the best', [b(0, 0.5, [0, 0, 1, 1]), b(1, 0.9, [5, 5, 6, 6]), b(2, 0.7, [9, 9, 10, 10])], 0.5, 2, [b(1, 0.9, [5, 5, 6, 6]), b(2, 0.7, [9, 9, 10, 10])]],
  ])('%s', (_name, input, iouThreshold, maxDetections, expected) => {
    expect(nms(input, { iouThreshold, maxDetections })).toEqual(expected);
  });

  test('topK bounds the candidates per class', () => {
    const many = Array.from({ length: 10 }, (_, i) => b(0, 1 - i / 100, [i * 20, 0, i * 20 + 10, 10]));
    expect(nms(many, { iouThreshold: 0.5, maxDetections: 100, topK: 3 }).map((x) => x.score)).toEqual([1, 0.99, 0.98]);
  });
});

// Candidates → detections: score floor, label allow-list, per-class NMS, letterbox mapping, clamping.
import type { Letterbox } from '../../../server/src/contracts/worker-protocol';
import { finishDetections, type FinishOptions } from '../../../server/src/detect/detections';
import type { ScoredBox } from '../../../server/src/detect/nms';

const labels = ['person', '', 'car'];
const lb: Letterbox = { originX: 100, originY: 50, scale: 2, padX: 10, padY: 20 };
const opts = (o: Partial<FinishOptions> = {}): FinishOptions => ({ minScore: 0.4, nmsIou: 0.5, maxDetections: 100, labels, allow: null, ...o });

describe('finishDetections', () => {
  const person: ScoredBox = { cls: 0, score: 0.9, box: [30, 40, 70, 120] };
  const car: ScoredBox = { cls: 2, score: 0.6, box: [110, 20, 210, 80] };

  test('maps input boxes through the letterbox into frame pixels', () => {
    expect(finishDetections([car, person], lb, 1000, 1000, opts())).toEqual([
      { label: 'person', score: 0.9, box: [110, 60, 130, 100] },
      { label: 'car', score: 0.6, box: [150, 50, 200, 80] },
    ]);
  });

  test.each<[string, Partial<FinishOptions>, ScoredBox[], string[]]>([
    ['below the score floor', { minScore: 0.7 }, [person, car], ['person']],
    ['allow-list', { allow: new Set(['car']) }, [person, car], ['car']],
    ['empty label (unused class index)', {}, [{ cls: 1, score: 0.99, box: [0, 0, 50, 50] }, car], ['car']],
    ['class index past the label list', {}, [{ cls: 7, score: 0.99, box: [0, 0, 50, 50] }, car], ['car']],
    ['NMS per class', {}, [person, { cls: 0, score: 0.8, box: [31, 41, 71, 121] }, { cls: 2, score: 0.5, box: [31, 41, 71, 121] }], ['person', 'car']],
  ])('%s', (_n, o, cands, expected) => {
    expect(finishDetections(cands, lb, 1000, 1000, opts(o)).map((d) => d.label)).toEqual(expected);
  });

  test('clamps to the frame and drops boxes left empty', () => {
    // [0,0,40,40] → frame [95,40,115,60], clamped by a 110x1000 frame to [95,40,110,60].
    // [300,20,320,40] → frame [245,50,255,60], entirely right of the frame: dropped.
    const out = finishDetections(
      [
        { cls: 0, score: 0.9, box: [0, 0, 40, 40] },
        { cls: 2, score: 0.8, box: [300, 20, 320, 40] },
      ],
      lb,
      110,
      1000,
      opts(),
    );
    expect(out).toEqual([{ label: 'person', score: 0.9, box: [95, 40, 110, 60] }]);
  });
});

// The pure pieces of the family decoders: NanoDet's grids and bin expectation, YOLOX's anchor count,
// COCO's id-numbered labels and label files.
import { COCO80, COCO91_BY_ID } from '../../../server/src/detect/coco-labels';
import { parseLabelText } from '../../../server/src/detect/label-list';
import { expectedBin, strideForCells } from '../../../server/src/detect/postprocess/nanodet.decoder';
import { yoloxAnchors } from '../../../server/src/detect/postprocess/yolox.decoder';

test.each<[number, number, number, number | null]>([
  [2704, 416, 416, 8],
  [676, 416, 416, 16],
  [169, 416, 416, 32],
  [1600, 320, 320, 8],
  [100, 320, 320, 32],
  // 416x320: ceil(416/32)·ceil(320/32) = 13·10.
  [130, 416, 320, 32],
  [1000, 416, 416, null],
])('strideForCells(%i, %ix%i) = %s', (cells, w, h, s) => expect(strideForCells(cells, w, h)).toBe(s));

test.each<[number[], number]>([
  // One dominant bin → its index; uniform bins → the mean index.
  [[0, 0, 100, 0], 2],
  [[0, 0, 0, 0], 1.5],
  [[5, 5, 5], 1],
  // softmax([0, ln 3]) = [0.25, 0.75] → 0.75.
  [[0, Math.log(3)], 0.75],
])('expectedBin(%j) = %d', (logits, e) => expect(expectedBin(logits, 0, logits.length)).toBeCloseTo(e, 6));

test.each<[number, number, number]>([
  [640, 640, 8400],
  [416, 416, 3549],
  [32, 32, 21],
])('yoloxAnchors(%ix%i) = %i', (w, h, n) => expect(yoloxAnchors(w, h)).toBe(n));

test('COCO labels by id: 91 entries, gaps empty, same names as COCO80', () => {
  expect(COCO91_BY_ID).toHaveLength(91);
  expect([COCO91_BY_ID[0], COCO91_BY_ID[1], COCO91_BY_ID[3], COCO91_BY_ID[12], COCO91_BY_ID[13], COCO91_BY_ID[37], COCO91_BY_ID[90]]).toEqual([
    '',
    'person',
    'car',
    '',
    'stop sign',
    'sports ball',
    'toothbrush',
  ]);
  expect(COCO91_BY_ID.filter((l) => l !== '')).toEqual([...COCO80]);
});

test.each<[string, string[]]>([
  ['person\ncar\n', ['person', 'car']],
  ['person\r\n\r\ncar\n\n\n', ['person', '', 'car']],
  ['  dog  \n', ['dog']],
])('parseLabelText(%j)', (text, labels) => expect(parseLabelText(text)).toEqual(labels));

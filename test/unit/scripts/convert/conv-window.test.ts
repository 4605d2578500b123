import { axisWindow } from '../../../../scripts/convert/conv-window';

// [in, kernel, stride, dilation, padding, explicit, → out, padBegin, padEnd], worked out by hand
// from TF's rules: VALID out = floor((in - span) / s) + 1; SAME out = ceil(in / s), odd pad at the end.
const TABLE: [number, number, number, number, 'VALID' | 'SAME' | 'EXPLICIT', [number, number], number, number, number][] = [
  [418, 3, 2, 1, 'VALID', [0, 0], 208, 0, 0], // NanoDet's first conv after Pad 1,1 on 416
  [54, 3, 1, 1, 'VALID', [0, 0], 52, 0, 0],
  [209, 3, 2, 1, 'VALID', [0, 0], 104, 0, 0], // the max-pool after PadV2
  [13, 1, 1, 1, 'VALID', [0, 0], 13, 0, 0],
  [5, 3, 1, 1, 'SAME', [0, 0], 5, 1, 1],
  [4, 3, 2, 1, 'SAME', [0, 0], 2, 0, 1], // total pad 1 goes to the end
  [5, 3, 2, 1, 'SAME', [0, 0], 3, 1, 1],
  [6, 1, 2, 1, 'SAME', [0, 0], 3, 0, 0],
  [7, 3, 1, 2, 'SAME', [0, 0], 7, 2, 2], // dilation 2: span 5
  [7, 3, 1, 2, 'VALID', [0, 0], 3, 0, 0],
  [6, 3, 1, 1, 'EXPLICIT', [2, 0], 6, 2, 0],
];

describe('axisWindow', () => {
  it.each(TABLE)('in %i k %i s %i d %i %s %j → out %i pads %i/%i', (inSize, k, s, d, padding, explicit, out, padBegin, padEnd) => {
    expect(axisWindow(inSize, k, s, d, padding, explicit)).toEqual({ out, padBegin, padEnd });
  });

  it('rejects a window larger than the padded axis', () => {
    expect(() => axisWindow(2, 3, 1, 1, 'VALID')).toThrow(/does not fit/);
  });
});

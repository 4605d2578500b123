// Letterbox math as tables of literal boxes: crop clipping, fit, padding and the mapping back.
import type { Box } from '../../../server/src/contracts/domain';
import type { Letterbox } from '../../../server/src/contracts/worker-protocol';
import { cropRect, frameToInput, inputToFrame, mapToFrame, planLetterbox, type Rect } from '../../../server/src/detect/letterbox';

describe('cropRect', () => {
  test.each<[Box, number, number, Rect]>([
    [[0, 0, 768, 576], 768, 576, { x: 0, y: 0, width: 768, height: 576 }],
    [[100, 50, 516, 466], 768, 576, { x: 100, y: 50, width: 416, height: 416 }],
    // Fractional edges widen to whole pixels.
    [[10.4, 20.6, 30.2, 40.1], 768, 576, { x: 10, y: 20, width: 21, height: 21 }],
    // A square region past the right/bottom edge is clipped to the frame.
    [[600, 400, 1016, 816], 768, 576, { x: 600, y: 400, width: 168, height: 176 }],
    [[-50, -20, 100, 100], 768, 576, { x: 0, y: 0, width: 100, height: 100 }],
  ])('%j in %ix%i → %j', (region, w, h, expected) => {
    expect(cropRect(region, w, h)).toEqual(expected);
  });

  test.each<[Box]>([[[800, 0, 900, 100]], [[10, 10, 10, 50]], [[-100, -100, -1, -1]]])('%j outside the frame is a bad_request', (region) => {
    expect(() => cropRect(region, 768, 576)).toThrow(expect.objectContaining({ code: 'bad_request' }));
  });
});

describe('planLetterbox', () => {
  test.each<[Rect, number, number, 'center' | 'top-left', number, number, Letterbox]>([
    // vtest.avi frame into 416: width limits, 312 rows, 52 rows of border above and below.
    [{ x: 0, y: 0, width: 768, height: 576 }, 416, 416, 'center', 416, 312, { originX: 0, originY: 0, scale: 416 / 768, padX: 0, padY: 52 }],
    // Portrait crop: height limits, border left and right.
    [{ x: 10, y: 20, width: 100, height: 200 }, 320, 320, 'center', 160, 320, { originX: 10, originY: 20, scale: 1.6, padX: 80, padY: 0 }],
    // Square crop fills the input exactly.
    [{ x: 5, y: 6, width: 208, height: 208 }, 416, 416, 'center', 416, 416, { originX: 5, originY: 6, scale: 2, padX: 0, padY: 0 }],
    // YOLOX places the image top-left, border only right/bottom.
    [{ x: 0, y: 0, width: 768, height: 576 }, 640, 640, 'top-left', 640, 480, { originX: 0, originY: 0, scale: 640 / 768, padX: 0, padY: 0 }],
    // Odd border splits with the extra pixel at the bottom/right.
    [{ x: 0, y: 0, width: 100, height: 97 }, 100, 100, 'center', 100, 97, { originX: 0, originY: 0, scale: 1, padX: 0, padY: 1 }],
  ])('%j into %ix%i (%s)', (crop, w, h, placement, rw, rh, lb) => {
    const plan = planLetterbox(crop, w, h, placement);
    expect(plan.resizedWidth).toBe(rw);
    expect(plan.resizedHeight).toBe(rh);
    expect(plan.letterbox).toEqual(lb);
  });
});

describe('box mapping', () => {
  const vtest: Letterbox = { originX: 0, originY: 0, scale: 416 / 768, padX: 0, padY: 52 };
  const region: Letterbox = { originX: 100, originY: 50, scale: 2, padX: 10, padY: 0 };

  test.each<[Letterbox, Box, Box]>([
    // Input box → frame box: remove the pad, undo the scale, add the origin.
    [vtest, [0, 52, 416, 364], [0, 0, 768, 576]],
    [vtest, [208, 208, 260, 312], [384, 288, 480, 480]],
    [region, [10, 0, 30, 40], [100, 50, 110, 70]],
    [region, [110, 100, 210, 200], [150, 100, 200, 150]],
  ])('%j: input %j ↔ frame %j', (lb, input, frame) => {
    const back = inputToFrame(input, lb);
    back.forEach((v, i) => expect(v).toBeCloseTo(frame[i] as number, 6));
    const fwd = frameToInput(frame, lb);
    fwd.forEach((v, i) => expect(v).toBeCloseTo(input[i] as number, 6));
  });

  test.each<[Box, Box]>([
    // Boxes reaching into the border or past the frame are clamped to the frame.
    [[-10, 40, 100, 60], [0, 0, 184.6153846, 14.7692308]],
    [[400, 350, 430, 420], [738.4615385, 550.1538462, 768, 576]],
  ])('clamps %j to %j', (input, frame) => {
    mapToFrame(input, vtest, 768, 576).forEach((v, i) => expect(v).toBeCloseTo(frame[i] as number, 5));
  });
});

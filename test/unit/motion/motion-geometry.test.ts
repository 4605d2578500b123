import type { Box } from '../../../server/src/contracts/domain';
import { AppError } from '../../../server/src/lib/errors';
import { areaSource, maskToMotion, motionSize, sameAspect, toDetectBox } from '../../../server/src/motion/motion-geometry';

describe('motionSize', () => {
  it.each<[number, number, number, { width: number; height: number }]>([
    [768, 576, 120, { width: 160, height: 120 }],
    [1280, 720, 120, { width: 213, height: 120 }],
    [320, 240, 120, { width: 160, height: 120 }],
    [100, 80, 120, { width: 100, height: 80 }], // never upscaled
    [720, 1280, 180, { width: 101, height: 180 }],
  ])('%ix%i at height %i', (w, h, target, expected) => {
    expect(motionSize(w, h, target)).toEqual(expected);
  });

  it('rejects bad sizes', () => {
    expect(() => motionSize(0, 576, 120)).toThrow(AppError);
    expect(() => motionSize(768, 576.5, 120)).toThrow(/frame size/);
    expect(() => motionSize(768, 576, 0)).toThrow(/frame height/);
  });
});

describe('toDetectBox', () => {
  const m = { width: 160, height: 120 };
  it.each<[{ x: number; y: number; width: number; height: number }, Box]>([
    [{ x: 0, y: 0, width: 160, height: 120 }, [0, 0, 768, 576]],
    [{ x: 10, y: 20, width: 5, height: 5 }, [48, 96, 72, 120]],
    [{ x: 159, y: 119, width: 1, height: 1 }, [763, 571, 768, 576]],
  ])('%j → %j', (rect, expected) => {
    expect(toDetectBox(rect, m, 768, 576)).toEqual(expected);
  });

  it('grows to whole pixels outward when the scale is not whole', () => {
    expect(toDetectBox({ x: 1, y: 1, width: 1, height: 1 }, { width: 213, height: 120 }, 1280, 720)).toEqual([6, 6, 13, 12]);
  });
});

describe('maskToMotion', () => {
  const m = { width: 160, height: 120 };
  it('scales pixel polygons to the motion frame', () => {
    expect(maskToMotion([[[0, 0], [384, 0], [384, 288]]], false, m, 768, 576)).toEqual([[[0, 0], [80, 0], [80, 60]]]);
  });
  it('scales relative polygons by the motion frame size', () => {
    expect(maskToMotion([[[0, 0], [0.5, 0], [0.5, 0.5]]], true, m, 768, 576)).toEqual([[[0, 0], [80, 0], [80, 60]]]);
  });
  it('drops polygons that are not polygons', () => {
    expect(maskToMotion([[[0, 0], [1, 1]], [[0, 0], [Number.NaN, 1], [2, 2]]], false, m, 768, 576)).toEqual([]);
  });
});

describe('areaSource', () => {
  it.each<[number, number, { width: number; height: number }, { width: number; height: number }]>([
    [1280, 720, { width: 213, height: 120 }, { width: 1278, height: 720 }], // 2 px cut: whole factor 6
    [640, 360, { width: 213, height: 120 }, { width: 639, height: 360 }],
    [768, 576, { width: 160, height: 120 }, { width: 768, height: 576 }], // factor 4.8: cutting 128 px is too much
    [1920, 1080, { width: 213, height: 120 }, { width: 1917, height: 1080 }],
    [200, 120, { width: 213, height: 120 }, { width: 200, height: 120 }], // smaller than the motion frame
    [426, 240, { width: 213, height: 120 }, { width: 426, height: 240 }], // already whole
  ])('%ix%i to %j reads %j', (w, h, m, expected) => {
    expect(areaSource(w, h, m)).toEqual(expected);
  });
});

describe('sameAspect', () => {
  it.each([
    [1280, 720, 640, 360, true],
    [1280, 720, 1276, 720, true],
    [1280, 720, 640, 480, false],
  ])('%ix%i vs %ix%i: %s', (aw, ah, bw, bh, same) => {
    expect(sameAspect(aw, ah, bw, bh)).toBe(same);
  });
});

// Live overlays: frame placement in the canvas and detect-frame boxes/polygons in canvas pixels.
import { boxToRect, containFit, labelPosition, objectLabel, polygonToCanvas, zoneColor } from '../../../web/src/live/overlay-geometry';

describe('containFit', () => {
  it.each([
    ['same aspect', [768, 576, 384, 288], { x: 0, y: 0, w: 384, h: 288 }],
    ['pillarbox in a wide canvas', [768, 576, 800, 300], { x: 200, y: 0, w: 400, h: 300 }],
    ['letterbox in a tall canvas', [1280, 720, 640, 720], { x: 0, y: 180, w: 640, h: 360 }],
    ['upscale', [320, 240, 640, 480], { x: 0, y: 0, w: 640, h: 480 }],
    ['degenerate source fills the canvas', [0, 0, 100, 50], { x: 0, y: 0, w: 100, h: 50 }],
  ])('%s', (_name, [sw, sh, dw, dh], expected) => {
    expect(containFit(sw!, sh!, dw!, dh!)).toEqual(expected);
  });
});

describe('boxToRect', () => {
  const fit = { x: 200, y: 0, w: 400, h: 300 }; // 768×576 frame pillarboxed in 800×300
  it.each([
    ['whole frame', [0, 0, 768, 576], { x: 200, y: 0, w: 400, h: 300 }],
    ['a person', [384, 288, 480, 576], { x: 400, y: 150, w: 50, h: 150 }],
    ['swapped corners', [480, 576, 384, 288], { x: 400, y: 150, w: 50, h: 150 }],
  ])('%s', (_name, box, expected) => {
    expect(boxToRect(box as [number, number, number, number], 768, 576, fit)).toEqual(expected);
  });
});

it('polygonToCanvas scales and offsets each point', () => {
  expect(polygonToCanvas([[0, 0], [768, 0], [384, 576]], 768, 576, { x: 10, y: 20, w: 384, h: 288 })).toEqual([[10, 20], [394, 20], [202, 308]]);
});

describe('labelPosition', () => {
  it.each([
    ['above the box when there is room', { x: 50, y: 100, w: 40, h: 80 }, { x: 50, y: 80 }],
    ['inside the top edge at the top of the canvas', { x: 50, y: 5, w: 40, h: 80 }, { x: 50, y: 5 }],
    ['pulled left at the right edge', { x: 180, y: 100, w: 20, h: 20 }, { x: 140, y: 80 }],
    ['never left of 0', { x: -10, y: 100, w: 20, h: 20 }, { x: 0, y: 80 }],
    ['never below the canvas', { x: 0, y: 195, w: 10, h: 10 }, { x: 0, y: 175 }],
  ])('%s', (_name, box, expected) => {
    expect(labelPosition(box, 60, 20, 200, 200)).toEqual(expected);
  });
});

it('labels show the score in percent', () => {
  expect(objectLabel('person', 0.874)).toBe('person 87%');
  expect(objectLabel('car', 1)).toBe('car 100%');
});

it('zone colours are stable per name', () => {
  expect(zoneColor('porch')).toBe(zoneColor('porch'));
  expect(zoneColor('porch')).toMatch(/^#[0-9a-f]{6}$/);
});

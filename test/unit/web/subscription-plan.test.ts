// Live subscriptions: fitting fps/height to a tile, merging viewers, reconnect delays.
import { clampRequest, fitRequest, mergeRequests, reconnectDelay, sameRequest } from '../../../web/src/live/subscription-plan';

describe('fitRequest', () => {
  it.each<[string, number, number, { large: boolean; visibleTiles: number; sourceHeight: number | null }, { fps: number; height: number }]>([
    ['grid tile on a desktop', 270, 1, { large: false, visibleTiles: 4, sourceHeight: 576 }, { fps: 5, height: 270 }],
    ['grid tile on a retina phone', 190, 3, { large: false, visibleTiles: 1, sourceHeight: 1080 }, { fps: 5, height: 480 }],
    ['large view', 600, 1, { large: true, visibleTiles: 1, sourceHeight: 1080 }, { fps: 10, height: 720 }],
    ['never above the detect frame', 700, 1, { large: true, visibleTiles: 1, sourceHeight: 576 }, { fps: 10, height: 576 }],
    ['six tiles on screen get 3 fps', 200, 1, { large: false, visibleTiles: 6, sourceHeight: null }, { fps: 3, height: 270 }],
    ['twelve tiles get 1 fps', 120, 1, { large: false, visibleTiles: 12, sourceHeight: null }, { fps: 1, height: 180 }],
    ['tiny tile gets the minimum', 10, 1, { large: false, visibleTiles: 1, sourceHeight: null }, { fps: 5, height: 90 }],
    ['huge tile capped at 1080', 2000, 2, { large: true, visibleTiles: 1, sourceHeight: null }, { fps: 10, height: 1080 }],
  ])('%s', (_name, cssHeight, dpr, opts, expected) => {
    expect(fitRequest(cssHeight, dpr, opts)).toEqual(expected);
  });

  it('a few pixels of resize do not change the request', () => {
    const opts = { large: false, visibleTiles: 2, sourceHeight: 720 };
    expect(fitRequest(300, 1, opts)).toEqual(fitRequest(310, 1, opts));
  });
});

describe('mergeRequests', () => {
  it('nobody watching → null', () => {
    expect(mergeRequests([])).toBeNull();
  });
  it('takes the most fps and the largest height anyone asked for', () => {
    expect(mergeRequests([{ fps: 5, height: 720 }, { fps: 10, height: 270 }])).toEqual({ fps: 10, height: 720 });
  });
  it('clamps to the server limits', () => {
    expect(mergeRequests([{ fps: 30, height: 4000 }])).toEqual({ fps: 10, height: 1080 });
    expect(clampRequest({ fps: 0, height: 10 })).toEqual({ fps: 0.2, height: 90 });
    expect(clampRequest({ fps: Number.NaN, height: Number.NaN })).toEqual({ fps: 0.2, height: 90 });
  });
});

describe('sameRequest', () => {
  it.each([
    [null, null, true],
    [{ fps: 5, height: 270 }, null, false],
    [{ fps: 5, height: 270 }, { fps: 5, height: 270 }, true],
    [{ fps: 5, height: 270 }, { fps: 5, height: 360 }, false],
  ])('%j vs %j', (a, b, expected) => {
    expect(sameRequest(a, b)).toBe(expected);
  });
});

describe('reconnectDelay', () => {
  it.each([
    [0, 0, 500],
    [1, 0, 1000],
    [3, 0, 3000],
    [4, 0, 5000],
    [50, 0, 5000],
    [0, 1, 600],
    [4, 0.5, 5500],
    [-1, 0, 500],
  ])('attempt %d with random %d → %d ms', (attempt, r, ms) => {
    expect(reconnectDelay(attempt, () => r)).toBe(ms);
  });
});

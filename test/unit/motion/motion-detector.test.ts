// Motion on synthetic frames drawn with OpenCV (loaded in this Jest worker process).
import type { Mat } from '@u4/opencv4nodejs';
import type { Box } from '../../../server/src/contracts/domain';
import type { CaptureMotionSettings } from '../../../server/src/contracts/worker-protocol';
import { AppError } from '../../../server/src/lib/errors';
import { loadOpenCV } from '../../../server/src/lib/opencv';
import { MotionDetector, type MotionResult } from '../../../server/src/motion/motion-detector';

const cv = loadOpenCV();
const W = 768;
const H = 576;
const SETTINGS: CaptureMotionSettings = {
  enabled: true,
  threshold: 30,
  contourArea: 10,
  frameHeight: 120,
  frameAlpha: 0.01,
  calibrateAlpha: 0.2,
  calibrationFrames: 10,
  lightningThreshold: 0.8,
  improveContrast: true,
  mask: [],
  maskRelative: false,
};

type Draw = (m: Mat) => void;

/** A street-like still scene: a smooth light gradient (sky to road) with a dark and a light block. */
const BASE = ((): Mat => {
  const corners = new cv.Mat([[[200, 190, 180], [160, 170, 180]], [[60, 70, 80], [110, 100, 90]]], cv.CV_8UC3);
  const m = corners.resize(new cv.Size(W, H), 0, 0, cv.INTER_LINEAR);
  corners.release();
  m.drawRectangle(new cv.Rect(50, 200, 120, 80), new cv.Vec3(30, 30, 35), -1);
  m.drawRectangle(new cv.Rect(600, 350, 100, 150), new cv.Vec3(210, 215, 220), -1);
  return m;
})();
afterAll(() => BASE.release());

/** The scene with every level shifted by `offset` (saturating), plus extra drawings. */
function scene(offset = 0, ...extra: Draw[]): Mat {
  const m = BASE.convertTo(cv.CV_8UC3, 1, offset);
  for (const d of extra) d(m);
  return m;
}

const square = (x: number, y: number, size = 60, level = 240): Draw => (m) => m.drawRectangle(new cv.Rect(x, y, size, size), new cv.Vec3(level, level, level), -1);

/** Feeds frames and releases them; returns each result. */
function feed(md: MotionDetector, frames: (() => Mat)[]): MotionResult[] {
  return frames.map((make) => {
    const f = make();
    try {
      return md.detect(f);
    } finally {
      f.release();
    }
  });
}

const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const still = (n: number, offset = 0): (() => Mat)[] => times(n, () => () => scene(offset));

describe('MotionDetector (synthetic frames)', () => {
  let md: MotionDetector;
  afterEach(() => md?.close());

  it('calibrates for calibrationFrames frames, then reports no motion on a still scene', () => {
    md = new MotionDetector(cv, SETTINGS, W, H);
    const r = feed(md, still(40));
    expect(r.map((x) => x.calibrating)).toEqual([...times(10, () => true), ...times(30, () => false)]);
    expect(r.flatMap((x) => x.boxes)).toEqual([]);
    expect(Math.max(...r.map((x) => x.share))).toBe(0);
    expect(md.motionFrameSize).toEqual({ width: 160, height: 120 });
  });

  it('boxes a moving bright square in detect-frame pixels', () => {
    md = new MotionDetector(cv, SETTINGS, W, H);
    feed(md, still(10));
    const xs = times(10, (i) => 200 + 25 * i);
    const r = feed(md, xs.map((x) => () => scene(0, square(x, 380))));
    r.forEach((res, i) => {
      const x = xs[i] as number;
      expect(res.calibrating).toBe(false);
      expect(res.boxes).toHaveLength(1);
      const b = res.boxes[0] as Box;
      // Contains the square, and no edge is more than 4 motion pixels (~20 px) away from it.
      expect(b[0]).toBeLessThanOrEqual(x);
      expect(b[1]).toBeLessThanOrEqual(380);
      expect(b[2]).toBeGreaterThanOrEqual(x + 60);
      expect(b[3]).toBeGreaterThanOrEqual(440);
      expect(x - b[0]).toBeLessThanOrEqual(20);
      expect(380 - b[1]).toBeLessThanOrEqual(20);
      expect(b[2] - (x + 60)).toBeLessThanOrEqual(20);
      expect(b[3] - 440).toBeLessThanOrEqual(20);
      expect(res.share).toBeGreaterThan(0.005);
      expect(res.share).toBeLessThan(0.03);
    });
  });

  it('ignores a square moving inside a mask (pixels and relative polygons)', () => {
    const masks: [string, Partial<CaptureMotionSettings>][] = [
      ['pixels', { mask: [[[150, 300], [600, 300], [600, 500], [150, 500]]] }],
      ['relative', { mask: [[[150 / W, 300 / H], [600 / W, 300 / H], [600 / W, 500 / H], [150 / W, 500 / H]]], maskRelative: true }],
    ];
    for (const [, over] of masks) {
      md?.close();
      md = new MotionDetector(cv, { ...SETTINGS, ...over }, W, H);
      feed(md, still(10));
      const r = feed(md, times(8, (i) => () => scene(0, square(220 + 30 * i, 380))));
      expect(r.flatMap((x) => x.boxes)).toEqual([]);
      expect(Math.max(...r.map((x) => x.share))).toBe(0);
    }
  });

  it('boxes only the unmasked part of a square crossing the mask edge', () => {
    md = new MotionDetector(cv, { ...SETTINGS, mask: [[[0, 0], [400, 0], [400, 576], [0, 576]]] }, W, H);
    feed(md, still(10));
    const [r] = feed(md, [() => scene(0, square(360, 380, 100))]);
    expect(r?.boxes).toHaveLength(1);
    const b = r?.boxes[0] as Box;
    expect(b[0]).toBeGreaterThanOrEqual(395);
    expect(b[2]).toBeGreaterThanOrEqual(460);
  });

  it('recalibrates on a whole-frame brightness jump instead of reporting a huge box', () => {
    md = new MotionDetector(cv, SETTINGS, W, H);
    feed(md, still(15));
    const r = feed(md, still(25, 70));
    expect(r[0]?.share).toBeGreaterThan(SETTINGS.lightningThreshold);
    expect(r[0]?.calibrating).toBe(true);
    expect(r.flatMap((x) => x.boxes)).toEqual([]);
    // Calibration lasts calibrationFrames frames from the jump, then motion is judged again.
    expect(r.slice(-10).every((x) => !x.calibrating && x.share === 0)).toBe(true);
    // ...and a mover on the brighter scene is found.
    const [after] = feed(md, [() => scene(70, square(300, 380, 60, 10))]);
    expect(after?.boxes).toHaveLength(1);
  });

  it('ignores small noise below the contour area (but does see it)', () => {
    // Spots on the dark block, each covering one motion pixel (the 4.8 px grid) 100 levels
    // brighter: each leaves one changed motion pixel, a contour of area 4 after dilation.
    const grid = [72, 96, 120, 144].flatMap((x) => [216, 240, 264].map((y) => [x, y] as const));
    const spots = (i: number): Draw[] => grid.filter((_, k) => (k + i) % 3 === 0).map(([x, y]) => square(x, y, 5, 131));
    const frames = [...still(10), ...times(12, (i) => () => scene(0, ...spots(i)))];
    md = new MotionDetector(cv, SETTINGS, W, H);
    const r = feed(md, frames).slice(10);
    expect(r.flatMap((x) => x.boxes)).toEqual([]);
    expect(r.every((x) => x.share > 0)).toBe(true);
    // The same noise with a contour area of 1 is reported: the area is what filtered it.
    const sensitive = new MotionDetector(cv, { ...SETTINGS, contourArea: 1 }, W, H);
    try {
      expect(feed(sensitive, frames).slice(10).every((x) => x.boxes.length === 4)).toBe(true);
    } finally {
      sensitive.close();
    }
  });

  it('finds a dim object on a dark scene only with the contrast stretch', () => {
    const dot = new cv.Mat([[[20, 20, 20]]], cv.CV_8UC3);
    const night = dot.resize(new cv.Size(W, H), 0, 0, cv.INTER_NEAREST);
    dot.release();
    night.drawRectangle(new cv.Rect(0, 0, W, 200), new cv.Vec3(45, 45, 45), -1);
    const dark = (...d: Draw[]): Mat => {
      const m = night.copy();
      for (const f of d) f(m);
      return m;
    };
    const found = (improveContrast: boolean): number => {
      const det = new MotionDetector(cv, { ...SETTINGS, improveContrast }, W, H);
      try {
        feed(det, times(12, () => () => dark()));
        return feed(det, times(5, (i) => () => dark(square(200 + 30 * i, 350, 60, 42)))).filter((x) => x.boxes.length > 0).length;
      } finally {
        det.close();
      }
    };
    expect(found(true)).toBe(5);
    expect(found(false)).toBe(0);
    night.release();
  });

  it('lets the ghost of something that left fade within 20 frames (stale pixels learnt faster)', () => {
    const framesWithGhost = (staleAlpha: number): number => {
      const det = new MotionDetector(cv, SETTINGS, W, H, { staleAlpha });
      try {
        // A parked dark van during calibration, then it is gone.
        feed(det, times(12, () => () => scene(0, square(250, 380, 120, 10))));
        return feed(det, still(60)).filter((x) => x.boxes.length > 0).length;
      } finally {
        det.close();
      }
    };
    const fast = framesWithGhost(0.1);
    expect(fast).toBeGreaterThan(0);
    expect(fast).toBeLessThanOrEqual(20);
    expect(framesWithGhost(0)).toBe(60);
  });

  it('takes grey frames too, with the same result, and leaves the input intact', () => {
    md = new MotionDetector(cv, SETTINGS, W, H);
    const bgr = new MotionDetector(cv, SETTINGS, W, H);
    try {
      const frames = [...still(10), ...times(3, (i) => () => scene(0, square(250 + 30 * i, 380)))];
      const expected = feed(bgr, frames);
      const got = frames.map((make) => {
        const colour = make();
        const grey = colour.cvtColor(cv.COLOR_BGR2GRAY);
        colour.release();
        const r = md.detect(grey);
        expect(grey.rows).toBe(H);
        expect(grey.cols).toBe(W);
        grey.release();
        return r;
      });
      expect(got).toEqual(expected);
    } finally {
      bgr.close();
    }
  });

  it('takes the limited-range Y plane of a larger frame (a decoded video frame) with the same result', () => {
    md = new MotionDetector(cv, SETTINGS, W, H);
    const bgr = new MotionDetector(cv, SETTINGS, W, H);
    try {
      const frames = [...still(10), ...times(3, (i) => () => scene(0, square(250 + 30 * i, 380)))];
      const expected = feed(bgr, frames);
      const got = frames.map((make) => {
        const colour = make();
        // What ffmpeg hands capture: twice the detect size, I420, luma in 16-235.
        const big = colour.resize(2 * H, 2 * W);
        const yuv = big.cvtColor(cv.COLOR_BGR2YUV_I420);
        const y = yuv.getRegion(new cv.Rect(0, 0, 2 * W, 2 * H));
        const r = md.detect(y, 'limited');
        for (const m of [colour, big, yuv, y]) m.release();
        return r;
      });
      expect(got.map((r) => r.calibrating)).toEqual(expected.map((r) => r.calibrating));
      got.forEach((r, i) => {
        const want = expected[i]!;
        expect(r.boxes).toHaveLength(want.boxes.length);
        r.boxes.forEach((b, j) => b.forEach((v, k) => expect(Math.abs(v - want.boxes[j]![k]!)).toBeLessThanOrEqual(10)));
      });
    } finally {
      bgr.close();
    }
  });

  it('refuses a larger grey frame of another aspect ratio', () => {
    md = new MotionDetector(cv, SETTINGS, W, H);
    const wide = new cv.Mat(H, 2 * W, cv.CV_8UC1, 0);
    try {
      expect(() => md.detect(wide)).toThrow(`motion: expected a ${W}x${H} frame, got ${2 * W}x${H}`);
    } finally {
      wide.release();
    }
  });

  it('does nothing when disabled', () => {
    md = new MotionDetector(cv, { ...SETTINGS, enabled: false }, W, H);
    const r = feed(md, [() => scene(0), () => scene(0, square(100, 100))]);
    expect(r).toEqual([
      { boxes: [], share: 0, calibrating: false },
      { boxes: [], share: 0, calibrating: false },
    ]);
  });

  it('rejects a frame of the wrong size or type, and use after close', () => {
    md = new MotionDetector(cv, SETTINGS, W, H);
    const small = new cv.Mat(100, 100, cv.CV_8UC3, [0, 0, 0]);
    const float = new cv.Mat(H, W, cv.CV_32FC1, 0);
    try {
      expect(() => md.detect(small)).toThrow(AppError);
      expect(() => md.detect(small)).toThrow('motion: expected a 768x576 frame, got 100x100');
      expect(() => md.detect(float)).toThrow(/8-bit/);
      expect(() => new MotionDetector(cv, SETTINGS, W, H, { staleFrames: 0 })).toThrow(/staleFrames/);
      expect(() => new MotionDetector(cv, SETTINGS, 0, H)).toThrow(AppError);
      md.close();
      md.close();
      expect(() => md.detect(small)).toThrow(/closed/);
    } finally {
      small.release();
      float.release();
    }
  });

  it('starts over after recalibrate()', () => {
    md = new MotionDetector(cv, SETTINGS, W, H);
    feed(md, still(12));
    md.recalibrate();
    const r = feed(md, still(11));
    expect(r.map((x) => x.calibrating)).toEqual([...times(10, () => true), false]);
  });
});

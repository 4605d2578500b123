import type { Box } from '../../../server/src/contracts/domain';
import { BoxKalman } from '../../../server/src/track/kalman';

const at = (x: number, y: number, w = 40, h = 100): Box => [x, y, x + w, y + h];
const centreX = (b: Box): number => (b[0] + b[2]) / 2;

describe('BoxKalman', () => {
  it('keeps a still box still', () => {
    const k = new BoxKalman(at(100, 50), 0);
    for (let t = 200; t <= 2000; t += 200) {
      k.predict(t);
      k.update(at(100, 50));
    }
    const p = k.predict(2200);
    p.forEach((v, i) => expect(v).toBeCloseTo(at(100, 50)[i] as number, 3));
    expect(Math.abs(k.velocity[0])).toBeLessThan(1e-6);
  });

  it('learns a constant velocity and extrapolates it', () => {
    const k = new BoxKalman(at(0, 50), 0);
    for (let i = 1; i <= 15; i++) {
      k.predict(i * 200);
      k.update(at(i * 10, 50)); // 10 px per 200 ms = 50 px/s
    }
    expect(k.velocity[0]).toBeCloseTo(50, 0);
    expect(Math.abs(k.velocity[1])).toBeLessThan(0.5);
    const p = k.predict(16 * 200);
    expect(centreX(p)).toBeCloseTo(160 + 20, 0);
    // Two more frames without measurement (an occlusion): it keeps moving.
    expect(centreX(k.predict(18 * 200))).toBeCloseTo(180 + 20, 0);
  });

  it('follows a growing box', () => {
    const k = new BoxKalman([100, 100, 120, 150], 0);
    for (let i = 1; i <= 15; i++) {
      k.predict(i * 200);
      k.update([100 - i, 100 - 2 * i, 120 + i, 150 + 2 * i]);
    }
    const p = k.predict(16 * 200);
    expect(p[2] - p[0]).toBeCloseTo(20 + 2 * 16, 0);
    expect(p[3] - p[1]).toBeCloseTo(50 + 4 * 16, 0);
  });

  it('moves an estimate between the prediction and the measurement', () => {
    const k = new BoxKalman(at(100, 50), 0);
    k.predict(200);
    const e = k.update(at(110, 50));
    expect(centreX(e)).toBeGreaterThan(120);
    expect(centreX(e)).toBeLessThanOrEqual(130);
  });

  it('does not move when asked to predict an earlier time', () => {
    const k = new BoxKalman(at(0, 0), 1000);
    k.predict(1200);
    k.update(at(10, 0));
    const before = k.box;
    expect(k.predict(1100)).toEqual(before);
  });

  it('forgets its velocity on stop()', () => {
    const k = new BoxKalman(at(0, 0), 0);
    for (let i = 1; i <= 5; i++) {
      k.predict(i * 200);
      k.update(at(i * 10, 0));
    }
    k.stop();
    const b = k.box;
    expect(k.predict(5000)).toEqual(b);
  });

  it('never predicts a box smaller than one pixel', () => {
    const k = new BoxKalman([0, 0, 10, 10], 0);
    for (let i = 1; i <= 6; i++) {
      k.predict(i * 200);
      k.update([0, 0, 10 - i * 1.5, 10 - i * 1.5]);
    }
    const p = k.predict(20000);
    expect(p[2] - p[0]).toBeGreaterThanOrEqual(1);
    expect(p[3] - p[1]).toBeGreaterThanOrEqual(1);
  });
});

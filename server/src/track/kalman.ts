// Constant-velocity Kalman filter for a box (centre x/y, width, height): predicts where a tracked
// object will be on the next frame, so matching survives fast movement and short occlusions.
// The four coordinates are filtered independently (block-diagonal covariance), which is the full
// 8-state filter when the noises are uncorrelated, without a matrix library.
import type { Box } from '../contracts/domain';

/** Noise levels relative to the box size, so small and large objects behave alike. */
export interface KalmanNoise {
  /** Measurement standard deviation as a share of the box side. @default 0.05 */
  measurement: number;
  /** Position acceleration standard deviation, box sides per s². @default 1 */
  acceleration: number;
  /** Size acceleration standard deviation, box sides per s². @default 0.2 */
  sizeAcceleration: number;
  /** Initial velocity standard deviation, box sides per s. @default 1 */
  initialVelocity: number;
}

export const DEFAULT_KALMAN_NOISE: KalmanNoise = { measurement: 0.05, acceleration: 1, sizeAcceleration: 0.2, initialVelocity: 1 };

/** One coordinate with its velocity and 2×2 covariance [[p00, p01], [p01, p11]]. */
interface Axis {
  x: number;
  v: number;
  p00: number;
  p01: number;
  p11: number;
}

const MIN_SIDE = 1;

export class BoxKalman {
  private readonly axes: [Axis, Axis, Axis, Axis];
  private time: number;

  /** @param time epoch ms of the first measurement */
  constructor(
    box: Box,
    time: number,
    private readonly noise: KalmanNoise = DEFAULT_KALMAN_NOISE,
  ) {
    const [cx, cy, w, h] = toCenter(box);
    const init = (x: number, scale: number): Axis => ({
      x,
      v: 0,
      p00: (noise.measurement * scale) ** 2,
      p01: 0,
      p11: (noise.initialVelocity * scale) ** 2,
    });
    this.axes = [init(cx, w), init(cy, h), init(w, w), init(h, h)];
    this.time = time;
  }

  /** Advances the state to `time` (epoch ms; earlier times do not move it) and returns the box. */
  predict(time: number): Box {
    const dt = Math.max(0, (time - this.time) / 1000);
    this.time = Math.max(this.time, time);
    if (dt > 0) {
      const [, , w, h] = this.axes;
      const sw = Math.max(w.x, MIN_SIDE);
      const sh = Math.max(h.x, MIN_SIDE);
      predictAxis(this.axes[0], dt, (this.noise.acceleration * sw) ** 2);
      predictAxis(this.axes[1], dt, (this.noise.acceleration * sh) ** 2);
      predictAxis(this.axes[2], dt, (this.noise.sizeAcceleration * sw) ** 2);
      predictAxis(this.axes[3], dt, (this.noise.sizeAcceleration * sh) ** 2);
    }
    return this.box;
  }

  /** Corrects the state with a measured box (taken at the last predicted time); returns the estimate. */
  update(box: Box): Box {
    const z = toCenter(box);
    const sw = Math.max(z[2], MIN_SIDE);
    const sh = Math.max(z[3], MIN_SIDE);
    const scales = [sw, sh, sw, sh];
    this.axes.forEach((a, i) => updateAxis(a, z[i] as number, (this.noise.measurement * (scales[i] as number)) ** 2));
    return this.box;
  }

  /** Current estimate as [x1, y1, x2, y2]. */
  get box(): Box {
    const [cx, cy, w, h] = this.axes;
    const bw = Math.max(w.x, MIN_SIDE);
    const bh = Math.max(h.x, MIN_SIDE);
    return [cx.x - bw / 2, cy.x - bh / 2, cx.x + bw / 2, cy.x + bh / 2];
  }

  /** Centre velocity in pixels per second. */
  get velocity(): [number, number] {
    return [this.axes[0].v, this.axes[1].v];
  }

  /** Forgets the velocity (an object that stopped, or whose prediction ran off). */
  stop(): void {
    for (const a of this.axes) a.v = 0;
  }
}

/** x += v·dt; P = F P Fᵀ + Q with the white-acceleration Q (variance q). */
function predictAxis(a: Axis, dt: number, q: number): void {
  a.x += a.v * dt;
  const dt2 = dt * dt;
  a.p00 += 2 * dt * a.p01 + dt2 * a.p11 + (q * dt2 * dt2) / 4;
  a.p01 += dt * a.p11 + (q * dt2 * dt) / 2;
  a.p11 += q * dt2;
}

function updateAxis(a: Axis, z: number, r: number): void {
  const s = a.p00 + r;
  const k0 = a.p00 / s;
  const k1 = a.p01 / s;
  const y = z - a.x;
  a.x += k0 * y;
  a.v += k1 * y;
  const p00 = a.p00;
  const p01 = a.p01;
  a.p00 = (1 - k0) * p00;
  a.p01 = (1 - k0) * p01;
  a.p11 -= k1 * p01;
}

function toCenter(b: Box): [number, number, number, number] {
  return [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, b[2] - b[0], b[3] - b[1]];
}

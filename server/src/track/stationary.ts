// Stationary state of one object: still for N observations counts as stationary (a parked car),
// so it can be re-checked rarely and its event can be ended or suppressed instead of running
// for hours. Movement is judged against an anchor position, so slow creeping is not "still".
import type { Box } from '../contracts/domain';
import { boxCenter, boxHeight, boxWidth, iou } from '../geometry/box';

export interface StationaryOptions {
  /** Still observations before the object is stationary (detect.stationary_frames). */
  frames: number;
  /** IoU with the anchor at or above which the object has not moved. @default 0.9 */
  stillIou?: number;
  /** Consecutive moving observations that clear the stationary state (1 = the first). A single
   * odd box, e.g. while someone walks past a parked car, must not wake it up. @default 2 */
  clearAfter?: number;
}

/** Centre shift (share of the anchor's shorter side) still counted as not moving, for small
 * boxes where a pixel of jitter already costs a lot of IoU. */
const STILL_SHIFT = 0.1;
/** Area change (either way) still counted as not moving with the centre shift rule. */
const STILL_AREA_RATIO = 1.25;

/** True when `box` has not moved from `anchor`. */
export function isStill(box: Box, anchor: Box, stillIou = 0.9): boolean {
  if (iou(box, anchor) >= stillIou) return true;
  const [bx, by] = boxCenter(box);
  const [ax, ay] = boxCenter(anchor);
  const side = Math.min(boxWidth(anchor), boxHeight(anchor));
  const a = boxWidth(box) * boxHeight(box);
  const b = boxWidth(anchor) * boxHeight(anchor);
  if (a <= 0 || b <= 0) return false;
  const ratio = a > b ? a / b : b / a;
  return Math.hypot(bx - ax, by - ay) <= STILL_SHIFT * side && ratio <= STILL_AREA_RATIO;
}

export class StationaryState {
  private anchor: Box;
  private still = 0;
  private moving = 0;
  private isStationary = false;
  private readonly stillIou: number;
  private readonly clearAfter: number;

  constructor(
    box: Box,
    private readonly opts: StationaryOptions,
  ) {
    this.anchor = [...box];
    this.stillIou = opts.stillIou ?? 0.9;
    this.clearAfter = Math.max(1, opts.clearAfter ?? 2);
  }

  /** Takes one observed box (a detection matched to the object). */
  observe(box: Box): void {
    if (isStill(box, this.anchor, this.stillIou)) {
      this.still++;
      this.moving = 0;
      if (this.still >= this.opts.frames) this.isStationary = true;
      return;
    }
    if (this.isStationary && ++this.moving < this.clearAfter) return;
    this.isStationary = false;
    this.still = 0;
    this.moving = 0;
    this.anchor = [...box];
  }

  get stationary(): boolean {
    return this.isStationary;
  }

  /** Consecutive still observations. */
  get motionlessCount(): number {
    return this.still;
  }
}

// Motion detection on the detect frame (inside the capture child, the only place OpenCV lives):
// grey, downscale, blur, difference against a running-average background, threshold (scaled by
// the scene's contrast, see contrast-stretch.ts), dilate, contours. Regions for the detector are
// built from the boxes it returns.
//
// Background update (chosen over Frigate's "only after several still frames"): every frame is
// blended in with alpha = frame_alpha (calibrate_alpha while calibrating), and pixels that have
// differed from the background without changing for `staleFrames` frames in a row are blended in
// faster (staleAlpha). So a mover leaves no trail, while the ghost of something that left (or an
// object that stopped) fades in ~4 s at 5 fps instead of lingering for tens of seconds; the
// tracker's stationary logic keeps stopped objects. On vtest.avi this cut the moving area by ~30%.
import type { Mat } from '@u4/opencv4nodejs';
import type { Box } from '../contracts/domain';
import type { CaptureMotionSettings } from '../contracts/worker-protocol';
import { AppError } from '../lib/errors';
import type { OpenCV } from '../lib/opencv';
import { ContrastWindow, rawThreshold } from './contrast-stretch';
import { MatScope } from '../lib/mat-scope';
import { areaSource, maskToMotion, motionSize, sameAspect, toDetectBox, type MotionSize } from './motion-geometry';

export interface MotionResult {
  /** Moving areas in detect-frame pixels. */
  boxes: Box[];
  /** Share (0..1) of the unmasked motion-frame pixels that changed. */
  share: number;
  /** True while the background is being (re)learnt: no boxes are reported. */
  calibrating: boolean;
}

const BLUR_SIZE = 3;
const DILATE_SIZE = 3;

/** Knobs below the config level (tests and benchmarks). */
export interface MotionTuning {
  /** Learning rate for stale pixels: different from the background but unchanged for
   * `staleFrames` frames in a row, i.e. the ghost of something that left, or something that
   * stopped. 0 turns it off. @default 0.1 */
  staleAlpha: number;
  /** Consecutive unchanged frames before a pixel is stale. Inside a moving object, pixels are
   * unchanged for a frame or two; learning them then would leave trails. @default 5 */
  staleFrames: number;
}

export const DEFAULT_MOTION_TUNING: MotionTuning = { staleAlpha: 0.1, staleFrames: 5 };

/** How the grey values of an input frame span 0-255: `limited` is video luma (16-235), e.g. the
 * Y plane of a decoded frame, stretched to full range after shrinking so thresholds mean the same. */
export type LumaRange = 'full' | 'limited';

export class MotionDetector {
  private readonly size: MotionSize;
  /** 255 where pixels count, 0 where masked; null without masks. */
  private readonly mask: Mat | null;
  private readonly countable: number;
  private readonly kernel: Mat;
  private readonly histAxes: InstanceType<OpenCV['HistAxes']>[];
  private readonly contrast = new ContrastWindow();
  /** Running average of the blurred grey frames (CV_32F). */
  private background: Mat | null = null;
  /** The previous blurred grey frame: what changed since then is moving now. */
  private previous: Mat | null = null;
  /** Per pixel: consecutive frames it differed from the background without changing (CV_8U). */
  private staleCount: Mat | null = null;
  private readonly tuning: MotionTuning;
  private calibrationLeft = 0;
  private closed = false;

  constructor(
    private readonly cv: OpenCV,
    private readonly settings: CaptureMotionSettings,
    private readonly frameWidth: number,
    private readonly frameHeight: number,
    tuning: Partial<MotionTuning> = {},
  ) {
    this.tuning = { ...DEFAULT_MOTION_TUNING, ...tuning };
    const { staleAlpha, staleFrames } = this.tuning;
    if (!(staleAlpha >= 0 && staleAlpha <= 1) || !(Number.isInteger(staleFrames) && staleFrames >= 1 && staleFrames <= 254)) {
      throw new AppError('bad_request', `motion: staleAlpha must be 0..1 and staleFrames 1..254, got ${staleAlpha} and ${staleFrames}`);
    }
    this.size = motionSize(frameWidth, frameHeight, settings.frameHeight);
    const { width, height } = this.size;
    this.kernel = cv.getStructuringElement(cv.MORPH_RECT, new cv.Size(DILATE_SIZE, DILATE_SIZE));
    this.histAxes = [new cv.HistAxes({ channel: 0, bins: 256, ranges: [0, 256] })];
    const polygons = maskToMotion(settings.mask, settings.maskRelative, this.size, frameWidth, frameHeight);
    if (polygons.length > 0) {
      const mask = new cv.Mat(height, width, cv.CV_8UC1, 255);
      mask.drawFillPoly(
        polygons.map((p) => p.map(([x, y]) => new cv.Point2(x, y))),
        new cv.Vec3(0, 0, 0),
      );
      this.mask = mask;
      this.countable = mask.countNonZero();
    } else {
      this.mask = null;
      this.countable = width * height;
    }
  }

  /** Size of the grey frame motion runs on. */
  get motionFrameSize(): MotionSize {
    return { ...this.size };
  }

  /**
   * One detect-size frame (BGR, or already grey) → motion boxes in detect-frame pixels. A grey
   * frame may also be larger with the detect frame's aspect ratio (the Y plane at the source size:
   * it is shrunk to the motion frame directly).
   */
  detect(frame: Mat, range: LumaRange = 'full'): MotionResult {
    if (this.closed) throw new AppError('unavailable', 'motion detector is closed');
    if (!this.settings.enabled) return { boxes: [], share: 0, calibrating: false };
    this.check(frame);
    const { cv } = this;
    const scope = new MatScope();
    try {
      const grey = frame.channels === 1 ? frame : scope.keep(frame.cvtColor(frame.channels === 4 ? cv.COLOR_BGRA2GRAY : cv.COLOR_BGR2GRAY));
      const src = areaSource(grey.cols, grey.rows, this.size);
      const part = src.width === grey.cols && src.height === grey.rows ? grey : scope.keep(grey.getRegion(new cv.Rect(0, 0, src.width, src.height)));
      let small = scope.keep(part.resize(new cv.Size(this.size.width, this.size.height), 0, 0, cv.INTER_AREA));
      if (range === 'limited') small = scope.keep(small.convertTo(cv.CV_8U, 255 / 219, (-16 * 255) / 219));
      let threshold = this.settings.threshold;
      if (this.settings.improveContrast) {
        const hist = scope.keep(cv.calcHist(small, this.histAxes, this.mask ?? undefined));
        threshold = rawThreshold(threshold, this.contrast.push(hist.getDataAsArray().map((row) => row[0] as number)));
      }
      const blurred = scope.keep(small.gaussianBlur(new cv.Size(BLUR_SIZE, BLUR_SIZE), 0));

      if (!this.background) {
        this.restart(blurred);
        return { boxes: [], share: 0, calibrating: true };
      }
      const background8 = scope.keep(this.background.convertTo(cv.CV_8U));
      const diff = scope.keep(blurred.absdiff(background8));
      let changed = scope.keep(diff.threshold(threshold, 255, cv.THRESH_BINARY));
      if (this.mask) changed = scope.keep(changed.bitwiseAnd(this.mask));
      const share = this.countable > 0 ? changed.countNonZero() / this.countable : 0;

      // Most of the frame changing at once is light (a lamp, the IR switch, clouds), not motion.
      if (share > this.settings.lightningThreshold) {
        this.restart(blurred);
        this.contrast.reset();
        return { boxes: [], share, calibrating: true };
      }
      const calibrating = this.calibrationLeft > 0;
      cv.accumulateWeighted(blurred, this.background, calibrating ? this.settings.calibrateAlpha : this.settings.frameAlpha);
      if (!calibrating && this.previous && this.staleCount && this.tuning.staleAlpha > 0) {
        // Changed against the background but still for a while: a ghost of something that left,
        // or something that stopped. Learn it faster so it stops costing detections.
        const moving = scope.keep(scope.keep(blurred.absdiff(this.previous)).threshold(threshold, 255, cv.THRESH_BINARY));
        const still = scope.keep(changed.bitwiseAnd(scope.keep(moving.bitwiseNot())));
        const counted = scope.keep(this.staleCount.add(scope.keep(still.threshold(0, 1, cv.THRESH_BINARY))));
        this.staleCount.release();
        this.staleCount = counted.bitwiseAnd(still);
        const stale = scope.keep(this.staleCount.threshold(this.tuning.staleFrames - 1, 255, cv.THRESH_BINARY));
        cv.accumulateWeighted(blurred, this.background, this.tuning.staleAlpha, stale);
      }
      this.remember(blurred);
      if (calibrating) {
        this.calibrationLeft--;
        return { boxes: [], share, calibrating: true };
      }

      let dilated = scope.keep(changed.dilate(this.kernel, new cv.Point2(-1, -1), 1));
      if (this.mask) dilated = scope.keep(dilated.bitwiseAnd(this.mask));
      const boxes = dilated
        .findContours(cv.RETR_EXTERNAL, cv.CHAIN_APPROX_SIMPLE)
        .filter((c) => c.area >= this.settings.contourArea)
        .map((c) => toDetectBox(c.boundingRect(), this.size, this.frameWidth, this.frameHeight));
      return { boxes, share, calibrating: false };
    } finally {
      scope.releaseAll();
    }
  }

  /** Forgets the background: the next frames re-learn it (e.g. after the camera reconnects). */
  recalibrate(): void {
    this.background?.release();
    this.background = null;
    this.previous?.release();
    this.previous = null;
    this.staleCount?.release();
    this.staleCount = null;
    this.contrast.reset();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.recalibrate();
    this.mask?.release();
    this.kernel.release();
  }

  private remember(blurred: Mat): void {
    this.previous?.release();
    this.previous = blurred.copy();
  }

  private restart(blurred: Mat): void {
    this.background?.release();
    this.background = blurred.convertTo(this.cv.CV_32F);
    this.staleCount?.release();
    this.staleCount = new this.cv.Mat(this.size.height, this.size.width, this.cv.CV_8UC1, 0);
    this.remember(blurred);
    this.calibrationLeft = Math.max(0, this.settings.calibrationFrames - 1);
  }

  private check(frame: Mat): void {
    const largerGrey = frame.channels === 1 && frame.cols >= this.frameWidth && frame.rows >= this.frameHeight && sameAspect(frame.cols, frame.rows, this.frameWidth, this.frameHeight);
    if (frame.empty || ((frame.rows !== this.frameHeight || frame.cols !== this.frameWidth) && !largerGrey)) {
      throw new AppError('bad_request', `motion: expected a ${this.frameWidth}x${this.frameHeight} frame, got ${frame.cols}x${frame.rows}`);
    }
    if (frame.depth !== this.cv.CV_8U || (frame.channels !== 1 && frame.channels !== 3 && frame.channels !== 4)) {
      throw new AppError('bad_request', `motion: expected an 8-bit frame with 1, 3 or 4 channels, got depth ${frame.depth} with ${frame.channels}`);
    }
  }
}

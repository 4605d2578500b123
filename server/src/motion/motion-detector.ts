// Motion detection on the detect frame (inside the capture child, the only place OpenCV lives):
// grey, downscale, blur, difference against a running-average background, threshold (scaled by
// the scene's contrast, see contrast-stretch.ts), dilate, contours. Regions for the detector are
// built from the boxes it returns.
//
// Background update: every frame is blended in (alpha = frame_alpha, calibrate_alpha while
// calibrating). With alpha 0.01 at 5 fps an object that stops fades into the background after
// ~25 s, which is what ends its motion; the tracker's stationary logic takes over from there.
import type { Mat } from '@u4/opencv4nodejs';
import type { Box } from '../contracts/domain';
import type { CaptureMotionSettings } from '../contracts/worker-protocol';
import { AppError } from '../lib/errors';
import type { OpenCV } from '../lib/opencv';
import { ContrastWindow, rawThreshold } from './contrast-stretch';
import { MatScope } from './mat-scope';
import { maskToMotion, motionSize, toDetectBox, type MotionSize } from './motion-geometry';

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
  private calibrationLeft = 0;
  private closed = false;

  constructor(
    private readonly cv: OpenCV,
    private readonly settings: CaptureMotionSettings,
    private readonly frameWidth: number,
    private readonly frameHeight: number,
  ) {
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

  /** One detect-size frame (BGR, or already grey) → motion boxes in detect-frame pixels. */
  detect(frame: Mat): MotionResult {
    if (this.closed) throw new AppError('unavailable', 'motion detector is closed');
    if (!this.settings.enabled) return { boxes: [], share: 0, calibrating: false };
    this.check(frame);
    const { cv } = this;
    const scope = new MatScope();
    try {
      const grey = frame.channels === 1 ? frame : scope.keep(frame.cvtColor(frame.channels === 4 ? cv.COLOR_BGRA2GRAY : cv.COLOR_BGR2GRAY));
      const small = scope.keep(grey.resize(new cv.Size(this.size.width, this.size.height), 0, 0, cv.INTER_AREA));
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
    this.contrast.reset();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.recalibrate();
    this.mask?.release();
    this.kernel.release();
  }

  private restart(blurred: Mat): void {
    this.background?.release();
    this.background = blurred.convertTo(this.cv.CV_32F);
    this.calibrationLeft = Math.max(0, this.settings.calibrationFrames - 1);
  }

  private check(frame: Mat): void {
    if (frame.empty || frame.rows !== this.frameHeight || frame.cols !== this.frameWidth) {
      throw new AppError('bad_request', `motion: expected a ${this.frameWidth}x${this.frameHeight} frame, got ${frame.cols}x${frame.rows}`);
    }
    if (frame.depth !== this.cv.CV_8U || (frame.channels !== 1 && frame.channels !== 3 && frame.channels !== 4)) {
      throw new AppError('bad_request', `motion: expected an 8-bit frame with 1, 3 or 4 channels, got depth ${frame.depth} with ${frame.channels}`);
    }
  }
}

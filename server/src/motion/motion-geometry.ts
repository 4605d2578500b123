// Pure size and coordinate mapping between the detect frame and the small grey frame motion runs
// on; kept apart from the OpenCV code so it can be table-tested.
import type { Box } from '../contracts/domain';
import { AppError } from '../lib/errors';

export interface MotionSize {
  width: number;
  height: number;
}

/** The motion frame: `targetHeight` high (never upscaled), same aspect as the detect frame. */
export function motionSize(frameWidth: number, frameHeight: number, targetHeight: number): MotionSize {
  if (!(Number.isInteger(frameWidth) && Number.isInteger(frameHeight) && frameWidth > 0 && frameHeight > 0)) {
    throw new AppError('bad_request', `motion: frame size must be positive integers, got ${frameWidth}x${frameHeight}`);
  }
  if (!(Number.isInteger(targetHeight) && targetHeight > 0)) throw new AppError('bad_request', `motion: frame height must be a positive integer, got ${targetHeight}`);
  const height = Math.min(targetHeight, frameHeight);
  const width = Math.max(1, Math.round((frameWidth * height) / frameHeight));
  return { width, height };
}

/** A motion-frame rectangle (x, y, w, h) as a detect-frame box, grown outward to whole pixels. */
export function toDetectBox(rect: { x: number; y: number; width: number; height: number }, m: MotionSize, frameWidth: number, frameHeight: number): Box {
  const sx = frameWidth / m.width;
  const sy = frameHeight / m.height;
  return [
    Math.max(0, Math.floor(rect.x * sx)),
    Math.max(0, Math.floor(rect.y * sy)),
    Math.min(frameWidth, Math.ceil((rect.x + rect.width) * sx)),
    Math.min(frameHeight, Math.ceil((rect.y + rect.height) * sy)),
  ];
}

/** Mask polygons in motion-frame pixels (rounded) from detect-frame pixels, or relative 0..1. */
export function maskToMotion(polygons: [number, number][][], relative: boolean, m: MotionSize, frameWidth: number, frameHeight: number): [number, number][][] {
  const sx = relative ? m.width : m.width / frameWidth;
  const sy = relative ? m.height : m.height / frameHeight;
  return polygons
    .filter((p) => p.length >= 3 && p.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y)))
    .map((p) => p.map(([x, y]) => [Math.round(x * sx), Math.round(y * sy)] as [number, number]));
}

// Letterbox math: how a region of a frame is fitted into the model input (keep aspect, pad) and
// how boxes come back from input pixels to frame pixels. Pure; preprocess.ts does the pixels.
import type { Box } from '../contracts/domain';
import type { Letterbox } from '../contracts/worker-protocol';
import { clampBox } from '../geometry/box';
import { AppError } from '../lib/errors';

/** An integer pixel rectangle. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LetterboxPlan {
  /** The part of the frame that is read (the region clipped to the frame, whole pixels). */
  crop: Rect;
  /** Size of the crop once resized into the input. */
  resizedWidth: number;
  resizedHeight: number;
  letterbox: Letterbox;
}

/**
 * The whole-pixel part of `region` that lies inside the frame. A region reaching past the frame
 * edge is clipped rather than padded, so the model sees only real pixels.
 */
export function cropRect(region: Box, frameWidth: number, frameHeight: number): Rect {
  const x1 = Math.max(0, Math.floor(region[0]));
  const y1 = Math.max(0, Math.floor(region[1]));
  const x2 = Math.min(frameWidth, Math.ceil(region[2]));
  const y2 = Math.min(frameHeight, Math.ceil(region[3]));
  if (!(x2 > x1 && y2 > y1)) {
    throw new AppError('bad_request', `region [${region.join(', ')}] does not overlap the ${frameWidth}x${frameHeight} frame`);
  }
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/** Fits `crop` into an input of `inputWidth`×`inputHeight`, keeping its aspect ratio. */
export function planLetterbox(
  crop: Rect,
  inputWidth: number,
  inputHeight: number,
  placement: 'center' | 'top-left' = 'center',
): LetterboxPlan {
  const scale = Math.min(inputWidth / crop.width, inputHeight / crop.height);
  const resizedWidth = Math.min(inputWidth, Math.max(1, Math.round(crop.width * scale)));
  const resizedHeight = Math.min(inputHeight, Math.max(1, Math.round(crop.height * scale)));
  const centred = placement === 'center';
  return {
    crop,
    resizedWidth,
    resizedHeight,
    letterbox: {
      originX: crop.x,
      originY: crop.y,
      scale,
      padX: centred ? Math.floor((inputWidth - resizedWidth) / 2) : 0,
      padY: centred ? Math.floor((inputHeight - resizedHeight) / 2) : 0,
    },
  };
}

/** A box in model-input pixels → frame pixels (not clamped). */
export function inputToFrame(box: Box, lb: Letterbox): Box {
  return [
    (box[0] - lb.padX) / lb.scale + lb.originX,
    (box[1] - lb.padY) / lb.scale + lb.originY,
    (box[2] - lb.padX) / lb.scale + lb.originX,
    (box[3] - lb.padY) / lb.scale + lb.originY,
  ];
}

/** A box in frame pixels → model-input pixels (the forward mapping, for tests and tools). */
export function frameToInput(box: Box, lb: Letterbox): Box {
  return [
    (box[0] - lb.originX) * lb.scale + lb.padX,
    (box[1] - lb.originY) * lb.scale + lb.padY,
    (box[2] - lb.originX) * lb.scale + lb.padX,
    (box[3] - lb.originY) * lb.scale + lb.padY,
  ];
}

/** A box in model-input pixels → frame pixels, clamped to the frame. */
export function mapToFrame(box: Box, lb: Letterbox, frameWidth: number, frameHeight: number): Box {
  return clampBox(inputToFrame(box, lb), frameWidth, frameHeight);
}

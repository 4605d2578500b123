// Region of a BGR frame → model input, with OpenCV doing every pixel operation: the letterboxed
// 8-bit image (crop, resize, border, channel order) that capture sends to the detector, or the full
// tensor (plus normalisation and layout) for the CLI and benchmarks. Runs where OpenCV may be
// loaded: the camera capture child process and single-threaded CLI commands, never a worker thread.
import type { Mat } from '@u4/opencv4nodejs';
import type { Box } from '../contracts/domain';
import { tensorBytes, type Letterbox, type ModelInputSpec } from '../contracts/worker-protocol';
import { AppError } from '../lib/errors';
import { MatScope } from '../lib/mat-scope';
import type { OpenCV } from '../lib/opencv';
import { cropRect, planLetterbox } from './letterbox';

export interface PreprocessResult {
  /** Tensor bytes laid out per the spec (float32 little-endian or uint8), or the 8-bit image. */
  data: Uint8Array;
  letterbox: Letterbox;
}

/**
 * Fits `region` (frame pixels; clipped to the frame) of the BGR `frame` into the model input.
 * Writes into `out` when given (e.g. a shared-memory slot), else into a new array.
 */
export function preprocessRegion(cv: OpenCV, frame: Mat, region: Box, spec: ModelInputSpec, out?: Uint8Array): PreprocessResult {
  const size = tensorBytes(spec);
  if (out && out.byteLength !== size) throw new AppError('bad_request', `tensor buffer has ${out.byteLength} bytes, the model input needs ${size}`);
  // Every byte is written below, so the new buffer need not be zero-filled first.
  const target = out ?? new Uint8Array(Buffer.allocUnsafeSlow(size).buffer, 0, size);
  const scope = new MatScope();
  try {
    const { img, letterbox } = letterboxed(cv, frame, region, spec, scope);
    writeTensor(cv, img, spec, target, scope);
    return { data: target, letterbox };
  } finally {
    scope.releaseAll();
  }
}

/**
 * The region letterboxed to the model input as 8-bit pixels, HWC in the model's channel order:
 * what the capture child sends; the detector worker normalises it into the tensor (prep-model.ts).
 */
export function letterboxImage(cv: OpenCV, frame: Mat, region: Box, spec: ModelInputSpec): PreprocessResult {
  const scope = new MatScope();
  try {
    const { img, letterbox } = letterboxed(cv, frame, region, spec, scope);
    const bytes = img.getData();
    return { data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), letterbox };
  } finally {
    scope.releaseAll();
  }
}

/** Crop, resize, border and channel order: the letterboxed 8-bit image (continuous). */
function letterboxed(cv: OpenCV, frame: Mat, region: Box, spec: ModelInputSpec, scope: MatScope): { img: Mat; letterbox: Letterbox } {
  if (frame.type !== cv.CV_8UC3) throw new AppError('bad_request', `preprocess needs an 8-bit 3-channel BGR frame (got Mat type ${frame.type})`);
  const plan = planLetterbox(cropRect(region, frame.cols, frame.rows), spec.width, spec.height, spec.placement);
  const { crop, resizedWidth: rw, resizedHeight: rh, letterbox } = plan;
  const roi = scope.keep(frame.getRegion(new cv.Rect(crop.x, crop.y, crop.width, crop.height)));
  // resize (or copy, when no scaling is needed) also makes the ROI view continuous.
  let img = scope.keep(rw === crop.width && rh === crop.height ? roi.copy() : roi.resize(rh, rw, 0, 0, cv.INTER_LINEAR));
  const right = spec.width - rw - letterbox.padX;
  const bottom = spec.height - rh - letterbox.padY;
  if (letterbox.padX > 0 || letterbox.padY > 0 || right > 0 || bottom > 0) {
    const p = spec.padValue;
    img = scope.keep(img.copyMakeBorder(letterbox.padY, bottom, letterbox.padX, right, cv.BORDER_CONSTANT, new cv.Vec3(p, p, p)));
  }
  if (spec.channelOrder === 'rgb') img = scope.keep(img.cvtColor(cv.COLOR_BGR2RGB));
  return { img, letterbox };
}

/** Lays the letterboxed 8-bit image out as the tensor the spec asks for. */
function writeTensor(cv: OpenCV, img: Mat, spec: ModelInputSpec, target: Uint8Array, scope: MatScope): void {
  if (spec.dtype === 'uint8' && spec.layout === 'nhwc') {
    target.set(img.getData());
    return;
  }
  let planes = img.splitChannels().map((m) => scope.keep(m));
  if (spec.dtype === 'float32') {
    // value = (pixel - mean) / std  ==  pixel · (1/std) + (-mean/std), one convertTo per channel.
    planes = planes.map((p, c) => scope.keep(p.convertTo(cv.CV_32F, 1 / (spec.std[c] as number), -(spec.mean[c] as number) / (spec.std[c] as number))));
  }
  if (spec.layout === 'nchw') {
    let offset = 0;
    for (const p of planes) {
      const bytes = p.getData();
      target.set(bytes, offset);
      offset += bytes.byteLength;
    }
    return;
  }
  target.set(scope.keep(new cv.Mat(planes)).getData());
}

/** The whole frame as one region. */
export function fullFrame(frame: Mat): Box {
  return [0, 0, frame.cols, frame.rows];
}

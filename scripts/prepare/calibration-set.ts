// The calibration inputs for int8 quantisation: frames of the demo video preprocessed exactly as
// the runtime does (server/src/detect/preprocess.ts), each as a whole frame and as one square
// region-like crop (the pipeline mostly detects on squares around motion). The frames are chosen
// off the 50-frame grid the evaluation counts people on, so calibration never sees those frames.
import type { Box } from '../../server/src/contracts/domain';
import type { ModelInputSpec } from '../../server/src/contracts/worker-protocol';
import { fullFrame, preprocessRegion } from '../../server/src/detect/preprocess';
import { AppError } from '../../server/src/lib/errors';
import type { OpenCV } from '../../server/src/lib/opencv';
import { readVideoFrames } from './video-frames';

export interface CalibrationSetOptions {
  video: string;
  /** Frame indices to use. @default calibrationFrames() */
  frames?: readonly number[];
}

/** The calibration grid: 10, 35, 60, … 785 (32 frames over vtest.avi's 795, none a multiple of 50). */
const GRID = Array.from({ length: 32 }, (_, k) => 10 + 25 * k);

/** `count` frames of the grid, spread over the whole video. */
export function calibrationFrames(count = GRID.length): number[] {
  if (!(Number.isInteger(count) && count >= 1 && count <= GRID.length)) throw new AppError('bad_request', `calibration takes 1 to ${GRID.length} frames, not ${count}`);
  if (count === 1) return [GRID[0] as number];
  return Array.from({ length: count }, (_, i) => GRID[Math.round((i * (GRID.length - 1)) / (count - 1))] as number);
}

/** A square crop between 320 px and the frame's short side, placed by the frame index (no RNG state). */
export function calibrationCrop(frame: number, width: number, height: number): Box {
  const short = Math.min(width, height);
  const size = Math.min(short, 320 + ((frame * 37) % Math.max(1, short - 320 + 1)));
  const x = (frame * 53) % (width - size + 1);
  const y = (frame * 29) % (height - size + 1);
  return [x, y, x + size, y + size];
}

/** Float32 input tensors (two per frame), in frame order. */
export function buildCalibrationSet(cv: OpenCV, spec: ModelInputSpec, opts: CalibrationSetOptions): Float32Array[] {
  const frames = opts.frames ?? calibrationFrames();
  const mats = readVideoFrames(cv, opts.video, frames);
  const out: Float32Array[] = [];
  for (const f of frames) {
    const img = mats.get(f);
    if (!img) continue;
    for (const region of [fullFrame(img), calibrationCrop(f, img.cols, img.rows)]) {
      const { data } = preprocessRegion(cv, img, region, spec);
      // A fresh aligned copy: the preprocess buffer may be a view at any offset.
      out.push(new Float32Array(data.slice().buffer));
    }
  }
  return out;
}

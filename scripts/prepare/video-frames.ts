// Reads chosen frames of a video in one forward pass (seeking is not exact for every codec; see
// readFrame in server/src/cli/detect.ts). For calibration and evaluation scripts, which run in
// their own single-threaded process and so may load OpenCV.
import fs from 'node:fs';
import type { Mat } from '@u4/opencv4nodejs';
import { AppError } from '../../server/src/lib/errors';
import type { OpenCV } from '../../server/src/lib/opencv';

/** Frame index → decoded BGR frame, for every index asked for (a clear error if the video is shorter). */
export function readVideoFrames(cv: OpenCV, file: string, indices: readonly number[]): Map<number, Mat> {
  if (!fs.existsSync(file)) throw new AppError('not_found', `video not found: ${file}`);
  const want = new Set(indices);
  const last = Math.max(...want);
  const out = new Map<number, Mat>();
  const cap = new cv.VideoCapture(file, cv.CAP_FFMPEG);
  try {
    for (let i = 0; i <= last; i++) {
      const f = cap.read();
      if (f.empty || f.rows === 0) throw new AppError('bad_request', `${file} has only ${i} frames (asked for frame ${last})`);
      if (want.has(i)) out.set(i, f);
    }
  } finally {
    cap.release();
  }
  return out;
}

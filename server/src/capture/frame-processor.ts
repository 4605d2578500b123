// Per processed frame, inside the capture child: motion, regions and detector tensors.
// This first version only passes frames through; motion, regions and preprocessing plug in here.
import type { Mat } from '@u4/opencv4nodejs';
import type { Box } from '../contracts/domain';
import type { CaptureInit, RegionTensor, TrackedHint } from '../contracts/worker-protocol';
import type { OpenCV } from '../lib/opencv';

export interface ProcessInput {
  frame: Mat;
  time: number;
  /** A detection may be sent (credit available and detection enabled). */
  canDetect: boolean;
  scan: boolean;
  hints: TrackedHint[];
}

export interface ProcessResult {
  motion: Box[];
  motionShare: number;
  calibrating: boolean;
  regions: RegionTensor[];
  /** Something needed detection (motion, tracked objects or a scan), whether or not it was sent. */
  wantedDetect: boolean;
}

export interface FrameProcessor {
  process(input: ProcessInput): ProcessResult;
  close(): void;
}

export function createFrameProcessor(_cv: OpenCV, _init: CaptureInit, _width: number, _height: number): FrameProcessor {
  return {
    process: () => ({ motion: [], motionShare: 0, calibrating: false, regions: [], wantedDetect: false }),
    close: () => undefined,
  };
}

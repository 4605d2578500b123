// Per processed frame, inside the capture child: motion, then regions around motion and tracked
// objects (or a full scan), then the region tensors for the detector — only when a detection may
// be sent, so a busy detector costs capture nothing but the motion pass.
import type { Box } from '../contracts/domain';
import type { CaptureInit, RegionTensor, TrackedHint } from '../contracts/worker-protocol';
import { letterboxImage } from '../detect/preprocess';
import { computeRegions } from '../geometry/regions';
import type { OpenCV } from '../lib/opencv';
import { MotionDetector } from '../motion/motion-detector';
import type { CapturedFrame } from './captured-frame';

export interface ProcessInput {
  /** Converted only as far as needed: grey for motion, BGR when regions are made. */
  frame: CapturedFrame;
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

export function createFrameProcessor(cv: OpenCV, init: CaptureInit, width: number, height: number): FrameProcessor {
  const motion = init.motion.enabled ? new MotionDetector(cv, init.motion, width, height) : null;
  const model = init.model;
  const modelSize = model ? Math.min(model.width, model.height) : 0;
  return {
    process({ frame, canDetect, scan, hints }) {
      const m = motion ? motion.detect(frame.motionInput(), frame.motionRange) : { boxes: [], share: 0, calibrating: false };
      const base = { motion: m.boxes, motionShare: m.share, calibrating: m.calibrating };
      if (!model) return { ...base, regions: [], wantedDetect: false };
      const boxes = computeRegions({ motion: m.boxes, hints, frameWidth: width, frameHeight: height, modelSize, scan });
      if (boxes.length === 0 || !canDetect) return { ...base, regions: [], wantedDetect: boxes.length > 0 };
      const regions = boxes.map((region) => {
        const pre = letterboxImage(cv, frame.bgr(), region, model);
        return { region, letterbox: pre.letterbox, data: pre.data };
      });
      return { ...base, regions, wantedDetect: true };
    },
    close() {
      motion?.close();
    },
  };
}

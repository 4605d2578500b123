// Motion on real videos decoded by OpenCV (FFmpeg backend): a swaying tree moves on most frames,
// pedestrians move on almost every frame, a still picture (encoded by ffmpeg) never moves.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaptureMotionSettings } from '../../../server/src/contracts/worker-protocol';
import { motionSchema } from '../../../server/src/config/schema';
import { loadOpenCV } from '../../../server/src/lib/opencv';
import { motionSettings } from '../../../server/src/pipeline/capture-init';
import { MotionDetector, type MotionResult } from '../../../server/src/motion/motion-detector';

const cv = loadOpenCV();
const DATA = '/usr/share/doc/opencv-doc/examples/data';

/** The capture settings the default config gives (what the integrator passes to the child). */
function defaults(): CaptureMotionSettings {
  return motionSettings(motionSchema.parse({}));
}

interface Run {
  width: number;
  height: number;
  results: MotionResult[];
}

/** Decodes a video and runs motion on every `step`-th frame. */
function runVideo(file: string, step = 1): Run {
  const cap = new cv.VideoCapture(file);
  let md: MotionDetector | null = null;
  const out: Run = { width: 0, height: 0, results: [] };
  try {
    for (let i = 0; ; i++) {
      const f = cap.read();
      if (f.empty) break;
      try {
        if (i % step !== 0) continue;
        md ??= new MotionDetector(cv, defaults(), f.cols, f.rows);
        out.width = f.cols;
        out.height = f.rows;
        out.results.push(md.detect(f));
      } finally {
        f.release();
      }
    }
  } finally {
    cap.release();
    md?.close();
  }
  return out;
}

const judged = (r: Run): MotionResult[] => r.results.filter((x) => !x.calibrating);
const share = (r: Run): number => judged(r).filter((x) => x.boxes.length > 0).length / judged(r).length;

describe('motion on real video', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-motion-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports the swaying tree (tree.avi) on most frames', () => {
    const r = runVideo(path.join(DATA, 'tree.avi'));
    expect(r.results.length).toBeGreaterThanOrEqual(60);
    expect(r.results.slice(0, 10).every((x) => x.calibrating)).toBe(true);
    expect(share(r)).toBeGreaterThanOrEqual(0.8);
    for (const x of r.results) for (const b of x.boxes) expect(b[0] >= 0 && b[1] >= 0 && b[2] <= r.width && b[3] <= r.height && b[2] > b[0] && b[3] > b[1]).toBe(true);
  });

  it('reports the pedestrians of vtest.avi at 5 fps on almost every frame, never as lightning', () => {
    const r = runVideo(path.join(DATA, 'vtest.avi'), 2);
    expect(r.results.length).toBeGreaterThan(390);
    expect(share(r)).toBeGreaterThanOrEqual(0.95);
    expect(Math.max(...judged(r).map((x) => x.share))).toBeLessThan(0.2);
    // Walkers (alone or in groups) cover a small part of the frame: never half of it in one
    // box, and on average (boxes summed) well under a quarter.
    const frameArea = 768 * 576;
    const areas = judged(r).map((x) => x.boxes.reduce((s, b) => s + (b[2] - b[0]) * (b[3] - b[1]), 0) / frameArea);
    for (const x of judged(r)) for (const b of x.boxes) expect((b[2] - b[0]) * (b[3] - b[1])).toBeLessThan(frameArea / 2);
    expect(areas.reduce((a, b) => a + b, 0) / areas.length).toBeLessThan(0.25);
  });

  it('reports nothing after calibration on a still video made from one vtest frame', () => {
    const still = path.join(dir, 'still.png');
    const video = path.join(dir, 'still.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', path.join(DATA, 'vtest.avi'), '-frames:v', '1', still]);
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-loop', '1', '-i', still, '-t', '6', '-r', '10', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', video]);
    const r = runVideo(video);
    expect(r.results.length).toBeGreaterThanOrEqual(55);
    expect([r.width, r.height]).toEqual([768, 576]);
    expect(judged(r).length).toBe(r.results.length - 10);
    expect(judged(r).flatMap((x) => x.boxes)).toEqual([]);
  });
});

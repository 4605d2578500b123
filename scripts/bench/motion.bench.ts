// Motion cost per frame on real frames (vtest.avi) at 768×576 and scaled to 1280×720, plus the
// region building that follows it. Prints one JSON object; run `node dist/scripts/bench/motion.bench.js`.
import type { Mat } from '@u4/opencv4nodejs';
import { motionSchema } from '../../server/src/config/schema';
import type { CaptureMotionSettings } from '../../server/src/contracts/worker-protocol';
import { computeRegions } from '../../server/src/geometry/regions';
import { loadOpenCV } from '../../server/src/lib/opencv';
import { motionSettings } from '../../server/src/pipeline/capture-init';
import { DEMO_VIDEO } from '../../server/src/lib/paths';
import { MotionDetector } from '../../server/src/motion/motion-detector';

const cv = loadOpenCV();
const FRAMES = Number(process.env.BENCH_FRAMES ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function settings(): CaptureMotionSettings {
  return { ...motionSettings(motionSchema.parse({})), enabled: true };
}

/** Decoded frames (every 2nd: 5 fps), resized beforehand so decoding and scaling are not timed. */
function loadFrames(width: number, height: number): Mat[] {
  const cap = new cv.VideoCapture(DEMO_VIDEO);
  const out: Mat[] = [];
  for (let i = 0; out.length < FRAMES; i++) {
    const f = cap.read();
    if (f.empty) break;
    if (i % 2 === 0) out.push(f.cols === width && f.rows === height ? f : f.resize(height, width));
    if (out[out.length - 1] !== f) f.release();
  }
  cap.release();
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

function bench(width: number, height: number): Record<string, number> {
  const frames = loadFrames(width, height);
  const motionMs: number[] = [];
  const regionMs: number[] = [];
  let boxes = 0;
  let regions = 0;
  const rssBefore = process.memoryUsage().rss;
  for (let round = 0; round < ROUNDS; round++) {
    const md = new MotionDetector(cv, settings(), width, height);
    for (const f of frames) {
      const t0 = process.hrtime.bigint();
      const r = md.detect(f);
      const t1 = process.hrtime.bigint();
      const reg = computeRegions({ motion: r.boxes, hints: [], frameWidth: width, frameHeight: height, modelSize: 416, scan: false });
      const t2 = process.hrtime.bigint();
      if (round > 0) {
        motionMs.push(Number(t1 - t0) / 1e6);
        regionMs.push(Number(t2 - t1) / 1e6);
        boxes += r.boxes.length;
        regions += reg.length;
      }
    }
    md.close();
  }
  const rssAfter = process.memoryUsage().rss;
  for (const f of frames) f.release();
  motionMs.sort((a, b) => a - b);
  regionMs.sort((a, b) => a - b);
  const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
  const r3 = (n: number): number => Math.round(n * 1000) / 1000;
  return {
    frames: motionMs.length,
    motion_ms_mean: r3(mean(motionMs)),
    motion_ms_p50: r3(percentile(motionMs, 0.5)),
    motion_ms_p95: r3(percentile(motionMs, 0.95)),
    regions_ms_mean: r3(mean(regionMs)),
    regions_ms_p95: r3(percentile(regionMs, 0.95)),
    boxes_per_frame: r3(boxes / motionMs.length),
    regions_per_frame: r3(regions / motionMs.length),
    rss_growth_mb: r3((rssAfter - rssBefore) / 1048576),
  };
}

const result = {
  bench: 'motion',
  video: DEMO_VIDEO,
  node: process.version,
  '768x576': bench(768, 576),
  '1280x720': bench(1280, 720),
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);

// Live view cost on the main process: one LiveFrame encode (sharp JPEG + packet) per height for
// vtest.avi frames, with and without boxes drawn, and ten viewers of one frame sharing one encode.
// Frames come from the ffmpeg CLI (the main process never loads OpenCV). Prints one JSON object;
// run `node dist/scripts/bench/live.bench.js`.
import { execFileSync } from 'node:child_process';
import type { TrackedObject } from '../../server/src/contracts/domain';
import type { FramePixels } from '../../server/src/contracts/worker-protocol';
import { DEMO_VIDEO } from '../../server/src/lib/paths';
import { LiveFrame } from '../../server/src/live/frame-encoder-cache';

const W = 768;
const H = 576;
const FRAMES = Number(process.env.BENCH_FRAMES ?? 60);

function readFrames(): FramePixels[] {
  const raw = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', DEMO_VIDEO, '-frames:v', String(FRAMES), '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: W * H * 3 * FRAMES + 1024 });
  const out: FramePixels[] = [];
  for (let i = 0; i + W * H * 3 <= raw.length; i += W * H * 3) out.push({ data: new Uint8Array(raw.buffer, raw.byteOffset + i, W * H * 3), width: W, height: H });
  return out;
}

const objects: TrackedObject[] = [0, 1, 2, 3].map((i) => ({
  id: `t${i}`, camera: 'bench', label: 'person', score: 0.9, top_score: 0.9, box: [100 + i * 120, 150, 160 + i * 120, 300],
  area: 9000, ratio: 0.4, region: null, frame_time: 0, start_time: 0, last_seen: 0, current_zones: [], entered_zones: [],
  stationary: false, motionless_count: 0, hits: 5, confirmed: true,
}));

async function measure(frames: FramePixels[], fn: (f: LiveFrame) => Promise<Buffer | Buffer[]>): Promise<{ ms_mean: number; ms_p95: number; kb_mean: number; encodes_per_frame: number }> {
  const times: number[] = [];
  let bytes = 0;
  let encodes = 0;
  for (const px of frames) {
    const frame = new LiveFrame('bench', Date.now(), px, objects, { motion: [], regions: [] });
    const t0 = process.hrtime.bigint();
    const out = await fn(frame);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    bytes += (Array.isArray(out) ? out[0]! : out).length;
    encodes += frame.encodes;
  }
  times.sort((a, b) => a - b);
  const r2 = (n: number): number => Math.round(n * 100) / 100;
  return {
    ms_mean: r2(times.reduce((a, b) => a + b, 0) / times.length),
    ms_p95: r2(times[Math.floor(times.length * 0.95)]!),
    kb_mean: r2(bytes / frames.length / 1024),
    encodes_per_frame: encodes / frames.length,
  };
}

async function main(): Promise<void> {
  const frames = readFrames();
  await measure(frames.slice(0, 5), (f) => f.packet(360)); // warm-up
  const result = {
    bench: 'live',
    frame: `${W}x${H}`,
    frames: frames.length,
    node: process.version,
    ws_packet_360: await measure(frames, (f) => f.packet(360)),
    ws_packet_576: await measure(frames, (f) => f.packet(576)),
    mjpeg_bbox_360: await measure(frames, (f) => f.jpeg({ height: 360, bbox: true })),
    ten_viewers_360: await measure(frames, (f) => Promise.all(Array.from({ length: 10 }, () => f.packet(360)))),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

void main();

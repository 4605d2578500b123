// Tracker and region cost per frame with many objects: N synthetic walkers (seeded jitter) on a
// 1280×720 frame at 5 fps. Prints one JSON object; run `node dist/scripts/bench/track.bench.js`.
import { detectSchema, objectsSchema, zoneSchema } from '../../server/src/config/schema';
import type { Box, Detection } from '../../server/src/contracts/domain';
import { computeRegions } from '../../server/src/geometry/regions';
import { Tracker } from '../../server/src/track/tracker';

const W = 1280;
const H = 720;
const FRAMES = Number(process.env.BENCH_FRAMES ?? 3000);

let seed = 42;
function rand(): number {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
}

function run(objects: number): Record<string, number> {
  const tracker = new Tracker({
    camera: 'bench',
    detect: detectSchema.parse({}),
    objects: objectsSchema.parse({}),
    zones: { left: zoneSchema.parse({ coordinates: '0,0,0.5,0,0.5,1,0,1' }), right: zoneSchema.parse({ coordinates: '0.5,0,1,0,1,1,0.5,1' }) },
    frameWidth: W,
    frameHeight: H,
  });
  const walkers = Array.from({ length: objects }, () => ({ x: rand() * (W - 60), y: rand() * (H - 150), vx: (rand() - 0.5) * 20, vy: (rand() - 0.5) * 6 }));
  const times: number[] = [];
  let ids = 0;
  for (let f = 0; f < FRAMES; f++) {
    const dets: Detection[] = [];
    for (const w of walkers) {
      w.x += w.vx;
      w.y += w.vy;
      if (w.x < 0 || w.x > W - 60) w.vx = -w.vx;
      if (w.y < 0 || w.y > H - 150) w.vy = -w.vy;
      if (rand() < 0.05) continue; // a missed detection now and then
      const j = (): number => (rand() - 0.5) * 4;
      dets.push({ label: 'person', score: 0.6 + rand() * 0.35, box: [w.x + j(), w.y + j(), w.x + 60 + j(), w.y + 150 + j()] });
    }
    const t0 = process.hrtime.bigint();
    const motion: Box[] = dets.map((d) => d.box);
    const regions = computeRegions({ motion, hints: tracker.hints(), frameWidth: W, frameHeight: H, modelSize: 416, scan: false });
    const u = tracker.update(1_700_000_000_000 + f * 200, dets, regions);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    ids += u.confirmed.length;
  }
  times.sort((a, b) => a - b);
  const r3 = (n: number): number => Math.round(n * 1000) / 1000;
  return {
    frames: FRAMES,
    ms_mean: r3(times.reduce((a, b) => a + b, 0) / times.length),
    ms_p95: r3(times[Math.floor(times.length * 0.95)] as number),
    confirmed_tracks: ids,
  };
}

process.stdout.write(`${JSON.stringify({ bench: 'track', frame: `${W}x${H}`, node: process.version, objects_5: run(5), objects_20: run(20), objects_50: run(50) }, null, 2)}\n`);

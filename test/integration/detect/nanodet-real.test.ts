// The default NanoDet models (built by prepare-models, copied into models/) on real pictures:
// OpenCV decode → preprocess → onnxruntime → decode, in-thread and through the worker pool.
import path from 'node:path';
import type { Detection } from '../../../server/src/contracts/domain';
import type { ResolvedModel } from '../../../server/src/contracts/worker-protocol';
import { readFrame } from '../../../server/src/cli/detect';
import { DetectorPool } from '../../../server/src/detect/detector-pool';
import { Detector } from '../../../server/src/detect/detector';
import { resolveModel } from '../../../server/src/detect/model-resolve';
import { fullFrame, preprocessRegion } from '../../../server/src/detect/preprocess';
import { loadOpenCV } from '../../../server/src/lib/opencv';

const cv = loadOpenCV();
const DATA = '/usr/share/doc/opencv-doc/examples/data';
let model416: ResolvedModel;
let det416: Detector;

beforeAll(async () => {
  model416 = await resolveModel(undefined);
  det416 = await Detector.create(model416, { threads: 1, minScore: 0.4, nmsIou: 0.5 });
});
afterAll(async () => {
  await det416.close();
});

async function detectFile(det: Detector, file: string, frame = 0): Promise<Detection[]> {
  const img = readFrame(cv, file, frame);
  const { data, letterbox } = preprocessRegion(cv, img, fullFrame(img), det.model.input);
  return (await det.run(data, letterbox, img.cols, img.rows, null)).detections;
}

const people = (ds: Detection[], min = 0.5) => ds.filter((d) => d.label === 'person' && d.score >= min);
const inside = (p: [number, number], d: Detection) => p[0] >= d.box[0] && p[0] <= d.box[2] && p[1] >= d.box[1] && p[1] <= d.box[3];

test('messi5.jpg: the player is a person, the ball a sports ball', async () => {
  const ds = await detectFile(det416, `${DATA}/messi5.jpg`);
  const player = ds.find((d) => d.label === 'person' && d.score >= 0.5);
  expect(player).toBeDefined();
  // The player spans most of the 548x342 picture; his torso is around (230, 140).
  expect(inside([230, 140], player as Detection)).toBe(true);
  const ball = ds.find((d) => d.label === 'sports ball');
  // The ball lies at the bottom, around (362, 313).
  expect(ball && inside([362, 313], ball)).toBe(true);
});

test('basketball1.png: both players are people', async () => {
  const ps = people(await detectFile(det416, `${DATA}/basketball1.png`));
  // Left player around (100, 300), right player around (520, 300) in the 640x480 picture.
  expect(ps.some((d) => inside([100, 300], d))).toBe(true);
  expect(ps.some((d) => inside([520, 300], d))).toBe(true);
});

// People counted by eye on frames of vtest.avi saved as PNG and viewed (768x576 pixels); each
// point is roughly the middle of one walking person.
const VTEST: [number, [number, number][]][] = [
  [0, [[268, 265], [515, 195], [662, 281]]],
  // Two of the seven stand far away beside the white van (top right).
  [200, [[96, 185], [234, 228], [503, 183], [687, 125], [712, 129], [633, 317], [723, 303]]],
  [400, [[288, 241], [603, 171], [715, 355]]],
  [600, [[198, 178], [311, 502], [479, 360], [581, 245], [656, 357], [688, 252]]],
];

test.each(VTEST)('vtest.avi frame %i: every person found, no extra person ≥ 0.5', async (frame, points) => {
  const ps = people(await detectFile(det416, `${DATA}/vtest.avi`, frame));
  for (const p of points) expect(ps.some((d) => inside(p, d))).toBe(true);
  expect(ps).toHaveLength(points.length);
});

test('nanodet-320 finds the near people too (frame 600: all six)', async () => {
  const m320 = await resolveModel({ path: path.join(__dirname, '../../../models/nanodet-320.json') });
  const det = await Detector.create(m320, { threads: 1, minScore: 0.4, nmsIou: 0.5 });
  try {
    const ps = people(await detectFile(det, `${DATA}/vtest.avi`, 600));
    for (const p of (VTEST[3] as [number, [number, number][]])[1]) expect(ps.some((d) => inside(p, d))).toBe(true);
  } finally {
    await det.close();
  }
});

test('the worker pool returns exactly the in-thread detections for real frames', async () => {
  const pool = new DetectorPool({ model: model416, workers: 2, threads: 1, timeoutMs: 10000, minScore: 0.4, nmsIou: 0.5 });
  await pool.start();
  try {
    for (const frame of [0, 200]) {
      const img = readFrame(cv, `${DATA}/vtest.avi`, frame);
      const { data, letterbox } = preprocessRegion(cv, img, fullFrame(img), model416.input);
      const [a, b] = await Promise.all([pool.detect(data, letterbox, img.cols, img.rows), pool.detect(data, letterbox, img.cols, img.rows, ['person'])]);
      const local = await det416.run(data, letterbox, img.cols, img.rows, null);
      expect(a.detections).toEqual(local.detections);
      expect(b.detections).toEqual(local.detections.filter((d) => d.label === 'person'));
      expect(local.detections.length).toBeGreaterThan(2);
    }
    expect(pool.stats()).toMatchObject({ ready: 2, inferences: 4, failures: 0 });
    expect(pool.stats().inference_speed).toBeGreaterThan(0);
  } finally {
    await pool.close();
  }
});

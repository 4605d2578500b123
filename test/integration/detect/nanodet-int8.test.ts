// The shipped int8 variant (models/nanodet-416-int8.json, made by prepare-models) loads through
// the runtime's model resolution like any manifest and finds the people counted by eye on vtest.avi
// frames about as well as the float model it was made from, run side by side here.
import fs from 'node:fs';
import path from 'node:path';
import type { Detection } from '../../../server/src/contracts/domain';
import { Detector } from '../../../server/src/detect/detector';
import { resolveModel } from '../../../server/src/detect/model-resolve';
import { fullFrame, preprocessRegion } from '../../../server/src/detect/preprocess';
import { loadOpenCV } from '../../../server/src/lib/opencv';
import { DEMO_VIDEO, MODELS_DIR } from '../../../server/src/lib/paths';
import { decodeOnnx } from '../../../scripts/convert/onnx-graph';
import { scorePoints } from '../../../scripts/eval/detection-match';
import { VTEST_COUNTED } from '../../../scripts/eval/vtest-counts';
import { readVideoFrames } from '../../../scripts/prepare/video-frames';

const cv = loadOpenCV();
const frames = readVideoFrames(cv, DEMO_VIDEO, VTEST_COUNTED.map((c) => c.frame));
let int8: Detector;
let float: Detector;

beforeAll(async () => {
  const model = await resolveModel({ path: path.join(MODELS_DIR, 'nanodet-416-int8.json') });
  int8 = await Detector.create(model, { threads: 1, minScore: 0.4, nmsIou: 0.5 });
  float = await Detector.create(await resolveModel(undefined), { threads: 1, minScore: 0.4, nmsIou: 0.5 });
});
afterAll(async () => {
  await int8?.close();
  await float?.close();
});

async function people(det: Detector, frame: number): Promise<Detection[]> {
  const img = frames.get(frame);
  if (!img) throw new Error(`frame ${frame} was not read`);
  const { data, letterbox } = preprocessRegion(cv, img, fullFrame(img), det.model.input);
  const { detections } = await det.run(data, letterbox, img.cols, img.rows, null);
  return detections.filter((d) => d.label === 'person' && d.score >= 0.5);
}

test('resolves as a nanodet model with the float model’s input spec and outputs', async () => {
  expect(int8.model).toMatchObject({ name: 'nanodet-416-int8', family: 'nanodet', inputName: 'input_1', outputs: float.model.outputs });
  expect(int8.model.input).toEqual(float.model.input);
  expect(int8.model.sha256).toMatch(/^[0-9a-f]{64}$/);
  // It is the QDQ model: every Conv reads its weights through DequantizeLinear from int8 values.
  const { graph } = decodeOnnx(fs.readFileSync(int8.model.path));
  const producer = new Map(graph.nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
  const convs = graph.nodes.filter((n) => n.op === 'Conv');
  expect(convs).toHaveLength(34);
  for (const c of convs) {
    const dq = producer.get(c.inputs[1] as string);
    expect(dq?.op).toBe('DequantizeLinear');
    expect(graph.initializers.get(dq?.inputs[0] as string)?.dtype).toBe('int8');
  }
});

// The four frames the float model's own test demands exactly.
test.each([0, 200, 400, 600])('vtest.avi frame %i: every counted person found, no extra person ≥ 0.5', async (frame) => {
  const counted = VTEST_COUNTED.find((c) => c.frame === frame);
  const ps = await people(int8, frame);
  const s = scorePoints(ps.map((d) => d.box), counted?.people ?? [], counted?.dontCare ?? []);
  expect(s).toEqual({ hits: counted?.people.length, misses: 0, falseAlarms: 0, ignored: 0 });
});

test('over all counted frames, person recall within 3 points of float and no more false alarms than float + 1', async () => {
  const total = { int8: { hits: 0, falseAlarms: 0 }, float: { hits: 0, falseAlarms: 0 }, people: 0 };
  for (const c of VTEST_COUNTED) {
    for (const [k, det] of [['int8', int8], ['float', float]] as const) {
      const s = scorePoints((await people(det, c.frame)).map((d) => d.box), c.people, c.dontCare);
      total[k].hits += s.hits;
      total[k].falseAlarms += s.falseAlarms;
    }
    total.people += c.people.length;
  }
  expect(total.people).toBe(66);
  // The float model misses a few (the far, tiny or hidden ones), which is what int8 is judged against.
  expect(total.float.hits).toBeGreaterThan(55);
  expect(total.int8.hits / total.people).toBeGreaterThanOrEqual(total.float.hits / total.people - 0.03);
  expect(total.int8.falseAlarms).toBeLessThanOrEqual(total.float.falseAlarms + 1);
});

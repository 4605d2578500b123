// Each model family decoded end to end: a tiny ONNX model with chosen output values, loaded by
// model resolution and run by real onnxruntime; the detections must be the boxes the values encode.
import type { Detection } from '../../../server/src/contracts/domain';
import { tensorBytes, type Letterbox } from '../../../server/src/contracts/worker-protocol';
import type { ModelConfig } from '../../../server/src/config/schema';
import { Detector } from '../../../server/src/detect/detector';
import { resolveModel } from '../../../server/src/detect/model-resolve';
import { constantModel, tempDir, writeModel, type ConstOutput } from '../../helpers/onnx-builder';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function detect(file: string, cfg: Omit<ModelConfig, 'path'>, lb: Letterbox, frameW: number, frameH: number, allow: string[] | null = null): Promise<Detection[]> {
  const model = await resolveModel({ path: file, ...cfg });
  const det = await Detector.create(model, { threads: 1, minScore: 0.4, nmsIou: 0.5 });
  try {
    const { detections } = await det.run(new Uint8Array(tensorBytes(model.input)), lb, frameW, frameH, allow);
    return detections;
  } finally {
    await det.close();
  }
}

function expectDetections(actual: Detection[], expected: Detection[]): void {
  expect(actual.map((d) => d.label)).toEqual(expected.map((d) => d.label));
  actual.forEach((d, i) => {
    const e = expected[i] as Detection;
    expect(d.score).toBeCloseTo(e.score, 4);
    d.box.forEach((v, k) => expect(v).toBeCloseTo(e.box[k] as number, 3));
  });
}

const LABELS3 = ['person', 'car', 'dog'];

describe('nanodet', () => {
  // 64x64 input: grids 8x8 (stride 8), 4x4 (16), 2x2 (32); 3 classes; 4 bins per side.
  const C = 3;
  const BINS = 4;
  function outputs(): ConstOutput[] {
    const s8 = new Float32Array(64 * C);
    const s16 = new Float32Array(16 * C);
    const s32 = new Float32Array(4 * C);
    const r8 = new Float32Array(64 * 4 * BINS);
    const r16 = new Float32Array(16 * 4 * BINS);
    const r32 = new Float32Array(4 * 4 * BINS);
    // Stride 8, row 2 col 3 (cell 19): person 0.9; l → bin 2, t → bin 1, r → bin 3, b uniform (1.5).
    // Centre (28, 20); distances 16, 8, 24, 12 → box (12, 12, 52, 32).
    s8[19 * C + 0] = 0.9;
    r8[19 * 16 + 0 * BINS + 2] = 20;
    r8[19 * 16 + 1 * BINS + 1] = 20;
    r8[19 * 16 + 2 * BINS + 3] = 20;
    // Cell 20 (one to the right): person 0.6, same sides → (20, 12, 60, 32), IoU 0.67 with the first: suppressed.
    s8[20 * C + 0] = 0.6;
    r8.copyWithin(20 * 16, 19 * 16, 20 * 16);
    // Cell 40: car 0.3, below the 0.4 floor.
    s8[40 * C + 1] = 0.3;
    // Stride 16, row 1 col 2 (cell 6): dog 0.7, all logits 0 → 1.5 bins = 24 px each side around (40, 24) → (16, 0, 64, 48).
    s16[6 * C + 2] = 0.7;
    // Model order shuffled on purpose: resolution must sort the outputs by role and stride.
    return [
      { name: 'reg16', dims: [1, 16, 4 * BINS], values: r16 },
      { name: 'cls32', dims: [1, 4, C], values: s32 },
      { name: 'cls8', dims: [1, 64, C], values: s8 },
      { name: 'reg8', dims: [1, 64, 4 * BINS], values: r8 },
      { name: 'cls16', dims: [1, 16, C], values: s16 },
      { name: 'reg32', dims: [1, 4, 4 * BINS], values: r32 },
    ];
  }
  // input = (p - origin)·0.5 + pad: frame = (input - pad)/0.5 + origin.
  const lb: Letterbox = { originX: 100, originY: 50, scale: 0.5, padX: 4, padY: 8 };
  const expected: Detection[] = [
    { label: 'person', score: 0.9, box: [116, 58, 196, 98] },
    // (124, 34, 220, 130) clamped by the 200x120 frame.
    { label: 'dog', score: 0.7, box: [124, 34, 200, 120] },
  ];

  test('decodes scores and distance bins per stride, NMS, letterbox and clamp', async () => {
    const file = writeModel(tmp.dir, 'nanodet.onnx', constantModel({ name: 'input_1', type: 'float32', shape: [1, 3, 64, 64] }, outputs()));
    const model = await resolveModel({ path: file, family: 'nanodet', labels: LABELS3 });
    expect(model.outputs).toEqual(['cls8', 'cls16', 'cls32', 'reg8', 'reg16', 'reg32']);
    expect(model.input).toMatchObject({ width: 64, height: 64, layout: 'nchw', channelOrder: 'bgr', placement: 'center' });
    expectDetections(await detect(file, { family: 'nanodet', labels: LABELS3 }, lb, 200, 120), expected);
  });

  test('an int8-quantised export (weights behind DequantizeLinear) decodes the same', async () => {
    const q = outputs().map((o) => ({ ...o, quantised: { scale: o.name.startsWith('cls') ? 0.01 : 0.2 } }));
    const file = writeModel(tmp.dir, 'nanodet-int8.onnx', constantModel({ name: 'input_1', type: 'float32', shape: [1, 3, 64, 64] }, q));
    expectDetections(await detect(file, { family: 'nanodet', labels: LABELS3 }, lb, 200, 120), expected);
  });

  test('label allow-list', async () => {
    const file = writeModel(tmp.dir, 'nanodet-allow.onnx', constantModel({ name: 'input_1', type: 'float32', shape: [1, 3, 64, 64] }, outputs()));
    const got = await detect(file, { family: 'nanodet', labels: LABELS3 }, lb, 200, 120, ['dog']);
    expect(got.map((d) => d.label)).toEqual(['dog']);
  });
});

describe('yolov8', () => {
  // [1, 4 + 3, 6]: columns are anchors.
  const anchors = [
    // cx, cy, w, h, person, car, dog
    [32, 20, 16, 24, 0.1, 0.8, 0.2], // car (24, 8, 40, 32)
    [33, 20, 16, 24, 0.0, 0.5, 0.0], // car overlapping the first: suppressed
    [10, 10, 8, 8, 0.95, 0.0, 0.0], // person (6, 6, 14, 14)
    [50, 50, 4, 4, 0.3, 0.2, 0.1], // below the floor
    [0, 0, 0, 0, 0, 0, 0],
    [60, 60, 10, 10, 0.0, 0.0, 0.45], // dog (55, 55, 65, 65), clamped at 60
  ];
  const lb: Letterbox = { originX: 0, originY: 0, scale: 0.5, padX: 0, padY: 0 };
  const expected: Detection[] = [
    { label: 'person', score: 0.95, box: [12, 12, 28, 28] },
    { label: 'car', score: 0.8, box: [48, 16, 80, 64] },
    { label: 'dog', score: 0.45, box: [110, 110, 120, 120] },
  ];

  test('channels-first [1, 4 + C, N] (the Ultralytics export)', async () => {
    const n = anchors.length;
    const values = new Float32Array(7 * n);
    anchors.forEach((a, j) => a.forEach((v, k) => (values[k * n + j] = v)));
    const file = writeModel(tmp.dir, 'yolov8.onnx', constantModel({ name: 'images', type: 'float32', shape: [1, 3, 64, 64] }, [{ name: 'output0', dims: [1, 7, n], values }]));
    const model = await resolveModel({ path: file, family: 'yolov8', labels: LABELS3 });
    expect(model.input).toMatchObject({ channelOrder: 'rgb', std: [255, 255, 255], padValue: 114 });
    expectDetections(await detect(file, { family: 'yolov8', labels: LABELS3 }, lb, 120, 120), expected);
  });

  test('channels-last [1, N, 4 + C]', async () => {
    const values = Float32Array.from(anchors.flat());
    const file = writeModel(tmp.dir, 'yolov8-t.onnx', constantModel({ name: 'images', type: 'float32', shape: [1, 3, 64, 64] }, [{ name: 'output0', dims: [1, anchors.length, 7], values }]));
    expectDetections(await detect(file, { family: 'yolov8', labels: LABELS3 }, lb, 120, 120), expected);
  });
});

describe('yolox', () => {
  // 64x64: anchors 8·8 (stride 8) + 4·4 (16) + 2·2 (32) = 84, each [x, y, w, h, obj, person, car, dog].
  const values = new Float32Array(84 * 8);
  const put = (j: number, row: number[]) => values.set(row, j * 8);
  // Stride 16, row 1 col 2 → anchor 64 + 1·4 + 2 = 70: centre ((0.5 + 2)·16, (0.25 + 1)·16) = (40, 20),
  // size (e^ln2·16, e^0·16) = (32, 16) → (24, 12, 56, 28); score 0.9·0.8 = 0.72 dog.
  put(70, [0.5, 0.25, Math.log(2), 0, 0.9, 0.1, 0.2, 0.8]);
  // Stride 8, anchor 9: objectness 0.3 → at most 0.3, below the floor.
  put(9, [0, 0, 0, 0, 0.3, 1, 0, 0]);
  // Stride 32, row 1 col 1 → anchor 64 + 16 + 3 = 83: centre (32, 32), 32x32 → (16, 16, 48, 48); person 1.0·0.6.
  put(83, [0, 0, 0, 0, 1, 0.6, 0, 0]);
  const lb: Letterbox = { originX: 10, originY: 20, scale: 1, padX: 0, padY: 0 };

  test('raw grid output decoded with strides 8/16/32, score = obj·cls', async () => {
    const file = writeModel(tmp.dir, 'yolox.onnx', constantModel({ name: 'images', type: 'float32', shape: [1, 3, 64, 64] }, [{ name: 'output', dims: [1, 84, 8], values }]));
    const model = await resolveModel({ path: file, family: 'yolox', labels: LABELS3 });
    expect(model.input).toMatchObject({ channelOrder: 'bgr', mean: [0, 0, 0], std: [1, 1, 1], padValue: 114, placement: 'top-left' });
    expectDetections(await detect(file, { family: 'yolox', labels: LABELS3 }, lb, 500, 500), [
      { label: 'dog', score: 0.72, box: [34, 32, 66, 48] },
      { label: 'person', score: 0.6, box: [26, 36, 58, 68] },
    ]);
  });
});

describe('ssd', () => {
  // TF Object Detection API names and order, with COCO ids: 1 person, 3 car, 12 unused, 18 dog.
  const boxes = [
    [0.1, 0.2, 0.5, 0.6],
    [0.0, 0.0, 1.0, 1.0],
    [0.5, 0.5, 1.0, 1.0],
    [0.0, 0.0, 0.5, 0.5],
  ];
  const outputs: ConstOutput[] = [
    { name: 'num_detections:0', dims: [1], values: [3] },
    { name: 'detection_scores:0', dims: [1, 4], values: [0.9, 0.85, 0.8, 0.99] },
    { name: 'detection_boxes:0', dims: [1, 4, 4], values: boxes.flat() },
    { name: 'detection_classes:0', dims: [1, 4], values: [1, 12, 3, 18], type: 'int64' },
  ];

  test('uint8 NHWC input of dynamic size, normalised yxyx boxes, COCO ids, detection count', async () => {
    const file = writeModel(tmp.dir, 'ssd.onnx', constantModel({ name: 'image_tensor:0', type: 'uint8', shape: ['unk__1', 'h', 'w', 3] }, outputs));
    const model = await resolveModel({ path: file, family: 'ssd', width: 96, height: 64 });
    expect(model.outputs).toEqual(['detection_boxes:0', 'detection_classes:0', 'detection_scores:0', 'num_detections:0']);
    expect(model.input).toMatchObject({ width: 96, height: 64, layout: 'nhwc', dtype: 'uint8', channelOrder: 'rgb' });
    // Index 1 has the unused id 12 (no label); index 3 lies past the count of 3.
    expectDetections(await detect(file, { family: 'ssd', width: 96, height: 64 }, { originX: 0, originY: 0, scale: 1, padX: 0, padY: 0 }, 96, 64), [
      { label: 'person', score: 0.9, box: [19.2, 6.4, 57.6, 32] },
      { label: 'car', score: 0.8, box: [48, 32, 96, 64] },
    ]);
  });
});

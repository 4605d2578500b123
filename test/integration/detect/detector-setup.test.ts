// The detector config section → a running pool with the default model.
import { detectorSchema } from '../../../server/src/config/schema';
import { createDetectorPool, poolOptions } from '../../../server/src/detect/detector-setup';

test('config names map onto pool options', () => {
  const cfg = detectorSchema.parse({ workers: 2, threads: 1, timeout_ms: 900, min_score: 0.6, nms_iou: 0.45 });
  const model = { name: 'm' } as Parameters<typeof poolOptions>[1];
  expect(poolOptions(cfg, model)).toEqual({ model, workers: 2, threads: 1, timeoutMs: 900, minScore: 0.6, nmsIou: 0.45 });
});

test('defaults: the default model in one worker; start, one detection, stats, close', async () => {
  const pool = await createDetectorPool(detectorSchema.parse({ threads: 1 }));
  await pool.start();
  try {
    const input = new Uint8Array(416 * 416 * 3 * 4);
    const out = await pool.detect(input, { originX: 0, originY: 0, scale: 1, padX: 0, padY: 0 }, 416, 416);
    expect(out.timings.inferenceMs).toBeGreaterThan(0);
    expect(pool.stats()).toMatchObject({ workers: 1, ready: 1, inferences: 1 });
  } finally {
    await pool.close();
  }
});

test('a bad model path in the config is model_invalid before any worker starts', async () => {
  await expect(createDetectorPool(detectorSchema.parse({ model: { path: '/nowhere/model.onnx', family: 'yolov8' } }))).rejects.toMatchObject({ code: 'model_invalid' });
});

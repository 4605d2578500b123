// Region images normalised by onnxruntime in the worker give the same tensor as OpenCV's full
// preprocessing, for every family's input spec, and the real pool finds the same people on a
// vtest.avi region whether it gets the tensor or the image.
import path from 'node:path';
import type { ModelInputSpec } from '../../../server/src/contracts/worker-protocol';
import { DetectorPool } from '../../../server/src/detect/detector-pool';
import { InputNormaliser } from '../../../server/src/detect/input-normaliser';
import { resolveModel } from '../../../server/src/detect/model-resolve';
import { letterboxImage, preprocessRegion } from '../../../server/src/detect/preprocess';
import { loadOpenCV } from '../../../server/src/lib/opencv';
import { MODELS_DIR } from '../../../server/src/lib/paths';
import { VTEST } from '../../helpers/fixtures';

const cv = loadOpenCV();

function vtestFrame(index: number) {
  const cap = new cv.VideoCapture(VTEST);
  cap.set(cv.CAP_PROP_POS_FRAMES, index);
  const f = cap.read();
  cap.release();
  return f;
}

const base: ModelInputSpec = { width: 96, height: 64, layout: 'nchw', channelOrder: 'bgr', dtype: 'float32', mean: [103.53, 116.28, 123.675], std: [57.375, 57.12, 58.395], padValue: 0 };

describe('InputNormaliser', () => {
  const frame = vtestFrame(100);

  it.each([
    ['nanodet (BGR NCHW float, ImageNet mean/std)', base],
    ['yolov8 (RGB NCHW float /255, pad 114)', { ...base, channelOrder: 'rgb', mean: [0, 0, 0], std: [255, 255, 255], padValue: 114 }],
    ['NHWC float', { ...base, layout: 'nhwc' }],
    ['uint8 NCHW', { ...base, dtype: 'uint8' }],
    ['ssd (RGB NHWC uint8)', { ...base, layout: 'nhwc', dtype: 'uint8', channelOrder: 'rgb' }],
  ] as [string, ModelInputSpec][])('%s: same tensor as OpenCV preprocessing', async (_name, spec) => {
    const region: [number, number, number, number] = [100, 150, 400, 350];
    const expected = preprocessRegion(cv, frame, region, spec);
    const image = letterboxImage(cv, frame, region, spec);
    expect(image.letterbox).toEqual(expected.letterbox);
    expect(image.data.byteLength).toBe(spec.width * spec.height * 3);
    const n = await InputNormaliser.create(spec);
    try {
      const got = await n.normalise(image.data);
      expect(got.byteLength).toBe(expected.data.byteLength);
      if (spec.dtype === 'float32') {
        const a = new Float32Array(got.buffer, got.byteOffset, got.byteLength / 4);
        const b = new Float32Array(expected.data.buffer, expected.data.byteOffset, expected.data.byteLength / 4);
        let worst = 0;
        for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
        expect(worst).toBeLessThan(1e-4);
      } else {
        expect(Buffer.from(got).equals(Buffer.from(expected.data))).toBe(true);
      }
      await expect(n.normalise(image.data.subarray(1))).rejects.toThrow(/region image has/);
    } finally {
      await n.close();
    }
  });

  it('the pool finds the same objects from an image as from a tensor', async () => {
    const model = await resolveModel({ path: path.join(MODELS_DIR, 'nanodet-416.json') });
    const pool = new DetectorPool({ model, workers: 1, threads: 1, timeoutMs: 30_000, minScore: 0.4, nmsIou: 0.5 });
    await pool.start();
    try {
      const region: [number, number, number, number] = [0, 100, 416, 516];
      const t = preprocessRegion(cv, frame, region, model.input);
      const i = letterboxImage(cv, frame, region, model.input);
      const fromTensor = await pool.detect(t.data, t.letterbox, frame.cols, frame.rows, null);
      const fromImage = await pool.detect(i.data, i.letterbox, frame.cols, frame.rows, null, 'image');
      expect(fromTensor.detections.length).toBeGreaterThan(0);
      expect(fromImage.detections.map((d) => [d.label, d.box.map(Math.round)])).toEqual(fromTensor.detections.map((d) => [d.label, d.box.map(Math.round)]));
      await expect(pool.detect(t.data, t.letterbox, frame.cols, frame.rows, null, 'image')).rejects.toThrow(/image has/);
    } finally {
      await pool.close();
    }
  });
});

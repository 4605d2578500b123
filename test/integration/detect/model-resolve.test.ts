// Model resolution against real files and real onnxruntime: manifests, bare ONNX files, and every
// way a model can be wrong giving a clear model_invalid error.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ModelConfig } from '../../../server/src/config/schema';
import { cpuHasInt8DotProduct } from '../../../server/src/detect/default-model';
import { resolveModel } from '../../../server/src/detect/model-resolve';
import { constantModel, tempDir, writeModel } from '../../helpers/onnx-builder';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

// A small yolov8-shaped model with a fixed 64x64 input and 3 classes.
const yoloBytes = constantModel({ name: 'images', type: 'float32', shape: [1, 3, 64, 64] }, [{ name: 'output0', dims: [1, 7, 2], values: new Float32Array(14) }]);
const yolo = writeModel(tmp.dir, 'yolo.onnx', yoloBytes);
const sha = crypto.createHash('sha256').update(yoloBytes).digest('hex');
fs.writeFileSync(path.join(tmp.dir, 'labels.txt'), 'person\ncar\ndog\n');

function manifest(over: Record<string, unknown> = {}, input: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: 1,
    name: 'tiny-yolo',
    file: 'yolo.onnx',
    sha256: sha,
    family: 'yolov8',
    input: { name: 'images', width: 64, height: 64, layout: 'nchw', channel_order: 'rgb', dtype: 'float32', mean: [0, 0, 0], std: [255, 255, 255], resize: 'letterbox', pad_value: 114, ...input },
    labels: 'labels.txt',
    outputs: ['output0'],
    ...over,
  };
}

function writeManifest(name: string, doc: unknown): string {
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return file;
}

async function problem(cfg: ModelConfig | undefined, opts = {}): Promise<string> {
  try {
    await resolveModel(cfg, opts);
  } catch (e) {
    expect(e).toMatchObject({ code: 'model_invalid' });
    return (e as Error).message;
  }
  throw new Error('expected resolveModel to fail');
}

describe('resolves', () => {
  test('a manifest: checked sha256, labels from its file, outputs in its order', async () => {
    const m = await resolveModel({ path: writeManifest('ok.json', manifest()) });
    expect(m).toEqual({
      name: 'tiny-yolo',
      path: yolo,
      sha256: sha,
      family: 'yolov8',
      inputName: 'images',
      input: { width: 64, height: 64, layout: 'nchw', channelOrder: 'rgb', dtype: 'float32', mean: [0, 0, 0], std: [255, 255, 255], padValue: 114, placement: 'center' },
      outputs: ['output0'],
      labels: ['person', 'car', 'dog'],
    });
  });

  test('a bare ONNX file: family defaults, size read from the model, labels from a list or file', async () => {
    const m = await resolveModel({ path: yolo, family: 'yolov8', labels: path.join(tmp.dir, 'labels.txt') });
    expect(m).toMatchObject({ name: 'yolo', sha256: null, input: { width: 64, height: 64 }, labels: ['person', 'car', 'dog'] });
    const relative = await resolveModel({ path: 'yolo.onnx', family: 'yolov8', labels: ['a', 'b', 'c'] }, { baseDir: tmp.dir });
    expect(relative.labels).toEqual(['a', 'b', 'c']);
  });

  test('dynamic input size: configured size, else the family default; layout read from the shape', async () => {
    const dyn = writeModel(tmp.dir, 'dyn.onnx', constantModel({ name: 'x', type: 'float32', shape: [1, 'h', 'w', 3] }, [{ name: 'y', dims: [1, 84, 5], values: new Float32Array(420) }]));
    expect((await resolveModel({ path: dyn, family: 'yolov8', width: 320, height: 256 })).input).toMatchObject({ width: 320, height: 256, layout: 'nhwc' });
    expect((await resolveModel({ path: dyn, family: 'yolov8' })).input).toMatchObject({ width: 640, height: 640 });
  });

  test('the default model (int8 NanoDet where the CPU has 8-bit dot products, else float) and its 320 sibling', async () => {
    const m = await resolveModel(undefined);
    expect(m).toMatchObject({ name: cpuHasInt8DotProduct() ? 'nanodet-416-int8' : 'nanodet-416', family: 'nanodet', inputName: 'input_1', input: { width: 416, height: 416, channelOrder: 'bgr' } });
    expect(m.outputs).toHaveLength(6);
    expect(m.labels).toHaveLength(80);
    const small = await resolveModel({ path: path.join(__dirname, '../../../models/nanodet-320.json') });
    expect(small.input).toMatchObject({ width: 320, height: 320 });
  });
});

describe('model_invalid with a clear message', () => {
  test.each<[string, () => ModelConfig, RegExp]>([
    ['missing file', () => ({ path: path.join(tmp.dir, 'nope.onnx'), family: 'yolov8' }), /model file not found: .*nope\.onnx/],
    ['empty file', () => ({ path: writeModel(tmp.dir, 'empty.onnx', new Uint8Array(0)), family: 'yolov8' }), /empty/],
    ['truncated file', () => ({ path: writeModel(tmp.dir, 'cut.onnx', yoloBytes.slice(0, Math.floor(yoloBytes.length / 2))), family: 'yolov8' }), /onnxruntime cannot load .*cut\.onnx/],
    ['not an ONNX file', () => ({ path: writeModel(tmp.dir, 'junk.onnx', new TextEncoder().encode('hello, not a model at all')), family: 'yolov8' }), /onnxruntime cannot load/],
    ['ONNX file without a family', () => ({ path: yolo }), /set detector.model.family/],
    ['configured size differs from the fixed input', () => ({ path: yolo, family: 'yolov8', labels: ['a', 'b', 'c'], width: 320, height: 320 }), /configured input size 320x320 differs from the fixed input size 64x64/],
    ['outputs that do not fit the family', () => ({ path: yolo, family: 'nanodet', labels: ['a', 'b', 'c'] }), /outputs do not fit the nanodet family.*output0 \[1, 7, 2\]/],
    ['class count that does not fit the outputs', () => ({ path: yolo, family: 'yolov8' }), /outputs do not fit the yolov8 family: expected one output \[1, 4 \+ C, N\]/],
    ['input type differs', () => ({ path: yolo, family: 'yolov8', labels: ['a', 'b', 'c'], input_dtype: 'uint8' }), /configured as uint8 but .* takes float32/],
    ['missing label file', () => ({ path: yolo, family: 'yolov8', labels: path.join(tmp.dir, 'none.txt') }), /cannot read label file/],
    ['manifest that is not JSON', () => ({ path: writeManifest('bad.json', '{ "version": 1, ') }), /not valid JSON/],
    ['manifest missing fields', () => ({ path: writeManifest('partial.json', { version: 1, name: 'x', file: 'yolo.onnx' }) }), /manifest .* is invalid: sha256: .*family/],
    ['sha256 mismatch', () => ({ path: writeManifest('sha.json', manifest({ sha256: 'a'.repeat(64) })) }), /sha256 of .*yolo\.onnx is [0-9a-f]{64} but the manifest says a{64}/],
    ['manifest pointing at a missing file', () => ({ path: writeManifest('gone.json', manifest({ file: 'gone.onnx' })) }), /model file not found: .*gone\.onnx/],
    ['manifest output that the model lacks', () => ({ path: writeManifest('outs.json', manifest({ outputs: ['boxes'] })) }), /output boxes named by the manifest is not an output/],
    ['manifest input that the model lacks', () => ({ path: writeManifest('in.json', manifest({}, { name: 'pixels' })) }), /input pixels named by the manifest is not an input/],
    ['manifest size differs from the model', () => ({ path: writeManifest('size.json', manifest({}, { width: 416, height: 416 })) }), /configured input size 416x416 differs/],
    ['family differs from the manifest', () => ({ path: writeManifest('fam.json', manifest()), family: 'yolox' }), /configured family yolox differs from the manifest's yolov8/],
  ])('%s', async (_name, cfg, message) => {
    expect(await problem(cfg())).toMatch(message);
  });

  test('uint8 input cannot take mean/std', async () => {
    const u8 = writeModel(tmp.dir, 'u8.onnx', constantModel({ name: 'x', type: 'uint8', shape: [1, 64, 64, 3] }, [{ name: 'y', dims: [1, 7, 2], values: new Float32Array(14) }]));
    expect(await problem({ path: u8, family: 'yolov8', labels: ['a', 'b', 'c'] })).toMatch(/uint8 input, which cannot carry mean\/std/);
  });

  test('missing default model names the command that builds it', async () => {
    expect(await problem(undefined, { modelsDir: path.join(tmp.dir, 'no-models') })).toMatch(/default model manifest not found.*prepare-models/);
  });
});

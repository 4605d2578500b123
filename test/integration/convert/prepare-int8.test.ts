// prepare-models makes the int8 variant for real: from the pinned package through our converter,
// calibrated on vtest.avi, with a valid manifest that records how; the same bytes on a rebuild,
// nothing done when it is current, and a log line instead of a failure without the video.
// Calibration uses 4 frames here instead of 32 (same code path, an eighth of the time); the
// shipped 32-frame model is judged in test/integration/detect/nanodet-int8.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { manifestSchema } from '../../../server/src/detect/manifest';
import { prepareModels } from '../../../scripts/prepare-models';
import { sha256 } from '../../../scripts/prepare/npm-package-files';

const FRAMES = 4;
let dir: string;
const lines: string[] = [];
const log = (m: string) => lines.push(m);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-int8-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('builds nanodet-416-int8 beside the float model, deterministically and idempotently', async () => {
  const first = await prepareModels({ modelsDir: dir, sizes: [416], calibrationFrames: FRAMES, log });
  expect(first.map((m) => [m.name, m.action])).toEqual([
    ['nanodet-416', 'built'],
    ['nanodet-416-int8', 'built'],
  ]);
  const manifest = manifestSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'nanodet-416-int8.json'), 'utf8')));
  const file = path.join(dir, manifest.file);
  expect(manifest).toMatchObject({ name: 'nanodet-416-int8', family: 'nanodet', input: { width: 416, height: 416, dtype: 'float32' } });
  expect(sha256(fs.readFileSync(file))).toBe(manifest.sha256);
  expect(manifest.source?.quantization).toMatchObject({ quantizer_version: 1, float_sha256: first[0]?.sha256, calibration: { frames: [10, 260, 535, 785], samples: 8 } });
  // Weights are a quarter of the float model's size.
  expect(fs.statSync(file).size).toBeLessThan(fs.statSync(path.join(dir, 'nanodet-416.onnx')).size / 3);

  const again = await prepareModels({ modelsDir: dir, sizes: [416], calibrationFrames: FRAMES, log });
  expect(again.map((m) => m.action)).toEqual(['skipped', 'skipped']);

  fs.rmSync(file);
  const rebuilt = await prepareModels({ modelsDir: dir, sizes: [416], calibrationFrames: FRAMES, log });
  expect(rebuilt.map((m) => m.action)).toEqual(['skipped', 'built']);
  expect(rebuilt[1]?.sha256).toBe(manifest.sha256);
}, 300_000);

test('without the calibration video the int8 model is skipped with a log line, the float ones still made', async () => {
  fs.rmSync(path.join(dir, 'nanodet-416-int8.onnx'));
  lines.length = 0;
  const r = await prepareModels({ modelsDir: dir, sizes: [416], calibrationFrames: FRAMES, video: path.join(dir, 'no-such-video.avi'), log });
  expect(r.map((m) => m.name)).toEqual(['nanodet-416']);
  expect(lines.some((l) => /nanodet-416-int8: skipped, the calibration video .* is missing/.test(l))).toBe(true);
}, 60_000);

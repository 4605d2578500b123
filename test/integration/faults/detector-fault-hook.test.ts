// The detector fault hook with real worker threads and real onnxruntime: inert unless
// VIGIL_TEST_FAULTS=1 is set when the worker starts; with it, the worker exits when its next
// request arrives and the pool fails that request and restarts the worker.
import { Worker } from 'node:worker_threads';
import type { ResolvedModel } from '../../../server/src/contracts/worker-protocol';
import { DetectorPool } from '../../../server/src/detect/detector-pool';
import { resolveModel } from '../../../server/src/detect/model-resolve';
import { FAULT_EXIT_CODE } from '../../../server/src/lib/test-faults';
import { waitFor } from '../../helpers/net';
import { sliceModel, tempDir, writeModel } from '../../helpers/onnx-builder';

const tmp = tempDir();
// The slice model reshapes the input into the output: 3 × 8 × 8 = 6 × 32.
const N = 32;
let model: ResolvedModel;
const pools: DetectorPool[] = [];
const lb = { originX: 0, originY: 0, scale: 1, padX: 0, padY: 0 };

/** One box of class `a` at (0, 10)–(16, 30) in the yolov8 layout the slice model passes through. */
function oneBox(): Uint8Array {
  const v = new Float32Array(6 * N);
  v[0] = 8;
  v[N] = 20;
  v[2 * N] = 16;
  v[3 * N] = 20;
  v[4 * N] = 0.9;
  return new Uint8Array(v.buffer);
}

beforeAll(async () => {
  const input = { name: 'images', type: 'float32' as const, shape: [1, 3, 8, 8] as [1, 3, 8, 8] };
  model = await resolveModel({ path: writeModel(tmp.dir, 'm.onnx', sliceModel(input, [{ name: 'output0', dims: [1, 6, N] }])), family: 'yolov8', labels: ['a', 'b'] });
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  tmp.cleanup();
});

/** A pool whose worker threads see `env` (Jest's process.env is not the one threads inherit). */
async function startPool(env: NodeJS.ProcessEnv = {}): Promise<DetectorPool> {
  const base = { ...process.env };
  delete base.VIGIL_TEST_FAULTS;
  const spawn = (entry: string) => new Worker(entry, { env: { ...base, ...env } });
  const p = new DetectorPool({ model, workers: 1, threads: 1, timeoutMs: 5000, minScore: 0.4, nmsIou: 0.5, spawn });
  pools.push(p);
  await p.start();
  return p;
}

test('without VIGIL_TEST_FAULTS the hook does nothing', async () => {
  const p = await startPool();
  expect(p.injectFault()).toBe(true);
  await expect(p.detect(oneBox(), lb, 64, 64)).resolves.toMatchObject({ detections: [expect.objectContaining({ label: 'a' })] });
  expect(p.stats()).toMatchObject({ failures: 0, restarts: 0, inferences: 1 });
});

test('with VIGIL_TEST_FAULTS=1 the worker exits on its next request and is replaced', async () => {
  const p = await startPool({ VIGIL_TEST_FAULTS: '1' });
  // Nothing happens until a request arrives: the worker is idle, onnxruntime is not running.
  expect(p.injectFault()).toBe(true);
  expect(p.stats()).toMatchObject({ ready: 1, restarts: 0 });
  await expect(p.detect(oneBox(), lb, 64, 64)).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining(`exited (code ${FAULT_EXIT_CODE}); its request was lost`) });
  await waitFor('the replacement worker', () => p.stats().ready === 1 && p.stats().restarts === 1, 30_000, 20);
  // The replacement has no fault armed.
  await expect(p.detect(oneBox(), lb, 64, 64)).resolves.toMatchObject({ detections: [expect.objectContaining({ label: 'a' })] });
  expect(p.stats()).toMatchObject({ failures: 1, restarts: 1, inferences: 1 });
});

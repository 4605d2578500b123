// The detector worker pool with real worker threads and real onnxruntime: results equal in-thread
// results, saturation refuses instead of queueing, timeouts, crashed or killed workers are
// restarted (rate-limited), and a bad model fails start() with a clear error.
// Workers run dist/ (build first: npm test does).
import { Worker } from 'node:worker_threads';
import type { ResolvedModel } from '../../../server/src/contracts/worker-protocol';
import { DetectorPool, type DetectorPoolOptions } from '../../../server/src/detect/detector-pool';
import { Detector } from '../../../server/src/detect/detector';
import { resolveModel } from '../../../server/src/detect/model-resolve';
import { ManualClock } from '../../../server/src/lib/clock';
import { slowModel, sliceModel, tempDir, writeModel } from '../../helpers/onnx-builder';

const tmp = tempDir();
const N = 512;
let fast: ResolvedModel;
let slow: ResolvedModel;
const pools: DetectorPool[] = [];

beforeAll(async () => {
  // Output [1, 6, 512] is the input reshaped: the tensor a test writes is the yolov8 output it gets.
  const input = { name: 'images', type: 'float32' as const, shape: [1, 3, 32, 32] as [1, 3, 32, 32] };
  const fastFile = writeModel(tmp.dir, 'fast.onnx', sliceModel(input, [{ name: 'output0', dims: [1, 6, N] }]));
  fast = await resolveModel({ path: fastFile, family: 'yolov8', labels: ['a', 'b'] });
  slow = await resolveModel({ path: writeModel(tmp.dir, 'slow.onnx', slowModel(input, 'output0', N)), family: 'yolov8', labels: ['a', 'b'] });
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  tmp.cleanup();
});

function pool(over: Partial<DetectorPoolOptions> & { model: ResolvedModel }): DetectorPool {
  const p = new DetectorPool({ workers: 1, threads: 1, timeoutMs: 5000, minScore: 0.4, nmsIou: 0.5, ...over });
  pools.push(p);
  return p;
}

/** A tensor whose anchors j (< count) are boxes of class j % 2 at (20j, 10, 20j + 16, 30), score 0.5 + j/100. */
function boxes(count: number, seed = 0): Uint8Array {
  const v = new Float32Array(6 * N);
  for (let j = 0; j < count; j++) {
    v[0 * N + j] = 20 * j + 8 + seed;
    v[1 * N + j] = 20;
    v[2 * N + j] = 16;
    v[3 * N + j] = 20;
    v[(4 + (j % 2)) * N + j] = 0.5 + j / 100;
  }
  return new Uint8Array(v.buffer);
}

const lb = { originX: 0, originY: 0, scale: 1, padX: 0, padY: 0 };

async function until(cond: () => boolean, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Spawns real workers and keeps them, so a test can kill one. */
function recorder(): { spawn: (entry: string) => Worker; workers: Worker[] } {
  const workers: Worker[] = [];
  return { workers, spawn: (entry) => { const w = new Worker(entry); workers.push(w); return w; } };
}

test('detections through two workers equal in-thread detections on the same tensors', async () => {
  const p = pool({ model: fast, workers: 2 });
  await p.start();
  const local = await Detector.create(fast, { threads: 1, minScore: 0.4, nmsIou: 0.5 });
  try {
    const tensors = [boxes(3), boxes(7, 3), boxes(0)];
    const viaPool = await Promise.all(tensors.map((t) => p.detect(t, lb, 640, 480, null)));
    for (const [i, t] of tensors.entries()) {
      const inThread = await local.run(t, lb, 640, 480, null);
      expect(viaPool[i]?.detections).toEqual(inThread.detections);
    }
    expect(viaPool[1]?.detections).toHaveLength(7);
    expect(viaPool[2]?.detections).toEqual([]);
    // The allow-list travels with the request.
    expect((await p.detect(boxes(4), lb, 640, 480, ['b'])).detections.map((d) => d.label)).toEqual(['b', 'b']);
    expect(p.stats()).toMatchObject({ workers: 2, ready: 2, inferences: 4, failures: 0, restarts: 0, queue: 0 });
  } finally {
    await local.close();
  }
});

test('saturation: with every slot taken a request is refused at once, not queued', async () => {
  const p = pool({ model: fast, workers: 1, queueDepth: 0 });
  await p.start();
  const first = p.detect(boxes(1), lb, 640, 480);
  await expect(p.detect(boxes(1), lb, 640, 480)).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/slots are busy/) });
  await expect(first).resolves.toMatchObject({ detections: [expect.objectContaining({ label: 'a' })] });
  // The slot is free again once the answer is in.
  await expect(p.detect(boxes(2), lb, 640, 480)).resolves.toMatchObject({ detections: expect.any(Array) });
  expect(p.refused).toBe(1);

  // queueDepth 1: one running, one waiting, the third is refused.
  const q = pool({ model: fast, workers: 1, queueDepth: 1 });
  await q.start();
  const results = await Promise.allSettled([1, 2, 3].map((k) => q.detect(boxes(k), lb, 640, 480)));
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
});

test('a killed worker is restarted and the pool keeps working', async () => {
  const rec = recorder();
  const p = pool({ model: fast, workers: 1, spawn: rec.spawn });
  await p.start();
  await rec.workers[0]?.terminate();
  await until(() => p.stats().ready === 1 && p.stats().restarts === 1);
  expect(rec.workers).toHaveLength(2);
  await expect(p.detect(boxes(2), lb, 640, 480)).resolves.toMatchObject({ detections: [expect.anything(), expect.anything()] });
  expect(p.stats()).toMatchObject({ restarts: 1, failures: 0, inferences: 1 });
});

// The only fake in this file: a worker that speaks the protocol and dies on its first request, to
// reach the lost-request path (killing a real worker inside onnxruntime's run would abort the process).
const DIES_ON_REQUEST = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  if (m.type === 'init') parentPort.postMessage({ type: 'ready', workerId: m.init.workerId, warmupMs: 0, inputNames: [], outputNames: [], threads: 1 });
  else if (m.type === 'detect') process.exit(3);
});`;

test('a worker that dies with a request in flight: the request fails, a real worker replaces it', async () => {
  let first = true;
  const p = pool({
    model: fast,
    workers: 1,
    spawn: (entry) => {
      const w = first ? new Worker(DIES_ON_REQUEST, { eval: true }) : new Worker(entry);
      first = false;
      return w;
    },
  });
  await p.start();
  await expect(p.detect(boxes(1), lb, 640, 480)).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/exited \(code 3\); its request was lost/) });
  await until(() => p.stats().ready === 1 && p.stats().restarts === 1);
  await expect(p.detect(boxes(3), lb, 640, 480)).resolves.toMatchObject({ detections: expect.arrayContaining([expect.objectContaining({ label: 'a' })]) });
  expect(p.stats()).toMatchObject({ failures: 1, restarts: 1 });
});

test('a worker told to close behind the pool\'s back counts as a crash and is replaced', async () => {
  const rec = recorder();
  const p = pool({ model: fast, workers: 2, spawn: rec.spawn });
  await p.start();
  rec.workers[1]?.postMessage({ type: 'close' });
  await until(() => p.stats().restarts === 1 && p.stats().ready === 2);
  const out = await Promise.all([p.detect(boxes(2), lb, 640, 480), p.detect(boxes(3), lb, 640, 480)]);
  expect(out.map((o) => o.detections.length)).toEqual([2, 3]);
});

test('restarts are rate-limited: past the limit the pool reports failed', async () => {
  const rec = recorder();
  const clock = new ManualClock(1_000_000);
  const failed: string[] = [];
  const p = pool({ model: fast, workers: 1, spawn: rec.spawn, clock, maxRestarts: 2, restartWindowMs: 60_000, onFailed: (r) => failed.push(r) });
  await p.start();
  for (let k = 0; k < 2; k++) {
    await rec.workers[k]?.terminate();
    await until(() => p.stats().restarts === k + 1 && p.stats().ready === 1);
    clock.advance(1000);
  }
  await rec.workers[2]?.terminate();
  await until(() => p.status === 'failed');
  expect(failed).toHaveLength(1);
  expect(failed[0]).toMatch(/2 restarts within 60 s/);
  await expect(p.detect(boxes(1), lb, 640, 480)).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/detector failed/) });
});

test('restarts older than the window no longer count', async () => {
  const rec = recorder();
  const clock = new ManualClock(0);
  const p = pool({ model: fast, workers: 1, spawn: rec.spawn, clock, maxRestarts: 1, restartWindowMs: 60_000 });
  await p.start();
  await rec.workers[0]?.terminate();
  await until(() => p.stats().restarts === 1 && p.stats().ready === 1);
  clock.advance(61_000);
  await rec.workers[1]?.terminate();
  await until(() => p.stats().restarts === 2 && p.stats().ready === 1);
  expect(p.status).toBe('ready');
});

test('a request that takes too long times out; its worker finishes the run, then takes work again', async () => {
  const p = pool({ model: slow, workers: 1, queueDepth: 0, timeoutMs: 30 });
  await p.start();
  await expect(p.detect(new Uint8Array(3072 * 4), lb, 640, 480)).rejects.toMatchObject({ code: 'timeout', message: 'detection took longer than 30 ms' });
  expect(p.stats().timeouts).toBe(1);
  // The run (~0.3 s) still holds the only slot...
  await expect(p.detect(new Uint8Array(3072 * 4), lb, 640, 480)).rejects.toMatchObject({ code: 'unavailable' });
  // ...until the worker answers (its late result is counted, not delivered); then the slot is free
  // and the same worker runs the next request.
  await until(() => p.stats().inferences === 1);
  await expect(p.detect(new Uint8Array(3072 * 4), lb, 640, 480)).rejects.toMatchObject({ code: 'timeout' });
  expect(p.stats()).toMatchObject({ timeouts: 2, restarts: 0, failures: 0, ready: 1 });
});

test('a bad model fails start() with model_invalid', async () => {
  const truncated = writeModel(tmp.dir, 'cut.onnx', new Uint8Array(100).fill(7));
  const p = pool({ model: { ...fast, path: truncated }, workers: 2 });
  await expect(p.start()).rejects.toMatchObject({ code: 'model_invalid', message: expect.stringMatching(/onnxruntime cannot load .*cut\.onnx/) });
  expect(p.status).toBe('failed');
  await expect(p.detect(boxes(1), lb, 640, 480)).rejects.toMatchObject({ code: 'unavailable' });
  const missing = pool({ model: { ...fast, path: `${tmp.dir}/missing.onnx` } });
  await expect(missing.start()).rejects.toMatchObject({ code: 'model_invalid', message: expect.stringMatching(/not found/) });
});

test('threads 0 with fewer workers than cores: the first worker measures and the choice is shared', async () => {
  const p = pool({ model: fast, workers: 1, threads: 0 });
  await p.start();
  expect([1, 2]).toContain(p.threadsPerWorker);
  await expect(p.detect(boxes(1), lb, 640, 480)).resolves.toBeDefined();
});

test('close() refuses new work and fails what is still waiting', async () => {
  const p = pool({ model: slow, workers: 1, queueDepth: 1 });
  await p.start();
  const running = p.detect(new Uint8Array(3072 * 4), lb, 640, 480);
  const waiting = p.detect(new Uint8Array(3072 * 4), lb, 640, 480);
  const both = Promise.allSettled([running, waiting]);
  // close() waits for the running request's worker to finish its run, then the thread exits.
  await p.close();
  const reasons = (await both).map((r) => (r.status === 'rejected' ? (r.reason as { code: string; message: string }) : null));
  expect(reasons).toEqual([expect.objectContaining({ code: 'unavailable', message: 'detector pool closed' }), expect.objectContaining({ code: 'unavailable', message: 'detector pool closed' })]);
  expect(p.stats().ready).toBe(0);
  await expect(p.detect(new Uint8Array(3072 * 4), lb, 640, 480)).rejects.toMatchObject({ code: 'unavailable' });
});

test('wrong tensor size is a bad_request', async () => {
  const p = pool({ model: fast });
  await p.start();
  await expect(p.detect(new Uint8Array(12), lb, 640, 480)).rejects.toMatchObject({ code: 'bad_request' });
});

test('in-thread: concurrent runs on shared-memory inputs each get their own tensor', async () => {
  const d = await Detector.create(fast, { threads: 1, minScore: 0.4, nmsIou: 0.5 });
  try {
    const shared = (t: Uint8Array) => {
      const s = new Uint8Array(new SharedArrayBuffer(t.byteLength));
      s.set(t);
      return s;
    };
    const [a, b, c] = await Promise.all([boxes(2), boxes(5, 1), boxes(7, 2)].map((t) => d.run(shared(t), lb, 640, 480, null)));
    expect([a, b, c].map((r) => r?.detections.length)).toEqual([2, 5, 7]);
    expect(b?.detections).toEqual((await d.run(boxes(5, 1), lb, 640, 480, null)).detections);
  } finally {
    await d.close();
  }
});

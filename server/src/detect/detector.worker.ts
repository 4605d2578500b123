// Detector worker thread: one onnxruntime session, fed from a SharedArrayBuffer slot per request
// (a model tensor, or a region image that the input normaliser turns into one first).
// Imports only its protocol, the detector (onnxruntime + pure decoding) and error helpers: never OpenCV.
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { tensorBytes, type DetectorToMain, type DetectorWorkerInit, type DetectRequest, type MainToDetector } from '../contracts/worker-protocol';
import { errorMessage, isAppError } from '../lib/errors';
import { FAULT_EXIT_CODE, testFaultsEnabled } from '../lib/test-faults';
import { Detector } from './detector';
import { InputNormaliser } from './input-normaliser';
import { imageBytes } from './prep-model';

if (!parentPort) throw new Error('detector.worker.ts runs only as a worker thread');
const port = parentPort;

let detector: Detector | null = null;
let init: DetectorWorkerInit | null = null;
/** onnxruntime-node refuses SharedArrayBuffer views, so each request is copied into these (one copy, ~0.5 ms for a 416² tensor). */
let scratch: Uint8Array | null = null;
let imageScratch: Uint8Array | null = null;
let normaliser: InputNormaliser | null = null;
/** Bytes between slots in the shared buffer. */
let slotStride = 0;
/** The request being run: `close` waits for it, because releasing or ending the thread under a
 * running onnxruntime call aborts the whole process (measured with onnxruntime-node 1.30). */
let inflight: Promise<void> | null = null;
/** Model loading, for the same reason: ending the thread while onnxruntime creates the session is unsafe. */
let loading: Promise<void> | null = null;
/** Fault injection (tests only): exit when the next request arrives, while onnxruntime is idle. */
let exitOnNextRequest = false;

function post(msg: DetectorToMain): void {
  port.postMessage(msg);
}

async function start(msg: DetectorWorkerInit): Promise<void> {
  init = msg;
  try {
    detector = await Detector.create(msg.model, { threads: msg.threads, minScore: msg.minScore, nmsIou: msg.nmsIou });
    normaliser = await InputNormaliser.create(msg.model.input);
  } catch (e) {
    post({ type: 'error', id: null, message: errorMessage(e), fatal: true, code: isAppError(e) ? e.code : 'model_invalid' });
    return;
  }
  scratch = new Uint8Array(tensorBytes(msg.model.input));
  imageScratch = new Uint8Array(imageBytes(msg.model.input));
  slotStride = msg.slots.byteLength / msg.slotCount;
  post({
    type: 'ready',
    workerId: msg.workerId,
    warmupMs: detector.warmupMs,
    inputNames: [...detector.inputNames],
    outputNames: [...detector.outputNames],
    threads: detector.threads,
  });
}

async function detect(req: DetectRequest): Promise<void> {
  if (!detector || !init || !scratch || !imageScratch || !normaliser) {
    post({ type: 'error', id: req.id, message: 'detector worker is not initialised', fatal: true, code: 'internal' });
    return;
  }
  try {
    const t0 = performance.now();
    if (req.slot < 0 || req.slot >= init.slotCount) throw new Error(`slot ${req.slot} out of range`);
    let input: Uint8Array;
    if (req.input === 'image') {
      imageScratch.set(new Uint8Array(init.slots, req.slot * slotStride, imageScratch.byteLength));
      input = await normaliser.normalise(imageScratch);
    } else {
      scratch.set(new Uint8Array(init.slots, req.slot * slotStride, scratch.byteLength));
      input = scratch;
    }
    const prepMs = performance.now() - t0;
    const { detections, timings } = await detector.run(input, req.letterbox, req.frameWidth, req.frameHeight, req.labels);
    post({ type: 'result', id: req.id, slot: req.slot, detections, timings: { ...timings, preMs: timings.preMs + prepMs } });
  } catch (e) {
    post({ type: 'error', id: req.id, message: errorMessage(e), fatal: false, code: isAppError(e) ? e.code : 'internal' });
  }
}

async function close(): Promise<void> {
  await loading;
  await inflight;
  const d = detector;
  detector = null;
  await d?.close();
  await normaliser?.close();
  normaliser = null;
  port.close();
}

port.on('message', (msg: MainToDetector) => {
  if (msg.type === 'init') loading = start(msg.init);
  else if (msg.type === 'detect') {
    if (exitOnNextRequest) process.exit(FAULT_EXIT_CODE);
    const run = detect(msg).finally(() => {
      if (inflight === run) inflight = null;
    });
    inflight = run;
  } else if (msg.type === 'close') void close();
  else if (msg.type === 'fault' && testFaultsEnabled()) exitOnNextRequest = true;
});

// One onnxruntime session for one resolved model: tensor bytes in, detections in frame pixels out.
// Used directly by the CLI, the bench and tests, and inside each detector worker thread.
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import type { Detection } from '../contracts/domain';
import { tensorBytes, type DetectTimings, type Letterbox, type ResolvedModel } from '../contracts/worker-protocol';
import { AppError, errorMessage } from '../lib/errors';
import { finishDetections } from './detections';
import { openSession } from './model-inspect';
import { decoderFor, type FamilyDecoder, type OutputTensor } from './postprocess';
import { median, pickThreads, threadCandidates } from './thread-choice';

export interface DetectorOptions {
  /** Intra-op threads; 0 = measure the candidates and keep the fastest (see thread-choice.ts). */
  threads: number;
  minScore: number;
  nmsIou: number;
  /** NanoDet's own limit. @default 100 */
  maxDetections?: number;
}

export interface DetectOutcome {
  detections: Detection[];
  timings: DetectTimings;
}

/** Timed runs per candidate when choosing the thread count. */
const MEASURE_RUNS = 5;

export function sessionOptions(threads: number): ort.InferenceSession.SessionOptions {
  return { graphOptimizationLevel: 'all', intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', logSeverityLevel: 3 };
}

export class Detector {
  private readonly decoder: FamilyDecoder;
  /** Own, aligned copy target for inputs that onnxruntime cannot take as they are. */
  private scratch: Uint8Array | null = null;
  /** Runs in progress: a second concurrent run must not reuse the scratch copy of the first. */
  private running = 0;
  private lastAllow: { list: readonly string[] | null; set: ReadonlySet<string> | null } = { list: null, set: null };
  private warmup = 0;

  private constructor(
    readonly model: ResolvedModel,
    private readonly session: ort.InferenceSession,
    readonly threads: number,
    private readonly opts: DetectorOptions,
  ) {
    this.decoder = decoderFor(model.family);
  }

  /** Loads the model, picks the thread count when asked to, and runs one warm-up inference. */
  static async create(model: ResolvedModel, opts: DetectorOptions): Promise<Detector> {
    const blank = new Uint8Array(tensorBytes(model.input));
    let session: ort.InferenceSession;
    let threads = opts.threads;
    if (threads > 0) {
      session = await openSession(model.path, sessionOptions(threads));
    } else {
      ({ session, threads } = await measureThreads(model, blank));
    }
    const d = new Detector(model, session, threads, opts);
    const t0 = performance.now();
    try {
      await d.infer(blank);
    } catch (e) {
      await session.release();
      throw e instanceof AppError ? e : new AppError('model_invalid', `warm-up inference of ${model.path} failed: ${errorMessage(e)}`);
    }
    d.warmup = performance.now() - t0;
    return d;
  }

  /** Duration of the warm-up inference (the first run pays for allocations). */
  get warmupMs(): number {
    return this.warmup;
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /** Runs the model on tensor bytes laid out per `model.input` and returns frame-pixel detections. */
  async run(tensor: Uint8Array, letterbox: Letterbox, frameWidth: number, frameHeight: number, labels: readonly string[] | null): Promise<DetectOutcome> {
    const t0 = performance.now();
    this.running++;
    let outputs: ort.InferenceSession.ReturnType;
    let t1: number;
    try {
      const feed = this.feed(tensor);
      t1 = performance.now();
      outputs = await this.session.run(feed, this.model.outputs);
    } finally {
      this.running--;
    }
    const t2 = performance.now();
    const tensors = this.model.outputs.map((n) => toOutputTensor(n, outputs[n]));
    const ctx = { inputWidth: this.model.input.width, inputHeight: this.model.input.height, classes: this.model.labels.length, minScore: this.opts.minScore };
    const detections = finishDetections(this.decoder.decode(tensors, ctx), letterbox, frameWidth, frameHeight, {
      minScore: this.opts.minScore,
      nmsIou: this.opts.nmsIou,
      maxDetections: this.opts.maxDetections ?? 100,
      labels: this.model.labels,
      allow: this.allowSet(labels),
    });
    return { detections, timings: { preMs: t1 - t0, inferenceMs: t2 - t1, postMs: performance.now() - t2 } };
  }

  /** Raw outputs in decoder order (benchmarks, tests). */
  async infer(tensor: Uint8Array): Promise<OutputTensor[]> {
    this.running++;
    try {
      const outputs = await this.session.run(this.feed(tensor), this.model.outputs);
      return this.model.outputs.map((n) => toOutputTensor(n, outputs[n]));
    } finally {
      this.running--;
    }
  }

  async close(): Promise<void> {
    await this.session.release();
  }

  private feed(bytes: Uint8Array): ort.InferenceSession.FeedsType {
    const spec = this.model.input;
    const need = tensorBytes(spec);
    if (bytes.byteLength !== need) {
      throw new AppError('bad_request', `input tensor has ${bytes.byteLength} bytes; ${this.model.name} needs ${need} (${spec.width}x${spec.height} ${spec.dtype} ${spec.layout})`);
    }
    let src = bytes;
    // onnxruntime-node rejects views of a SharedArrayBuffer, and a Float32Array needs 4-byte alignment.
    if (!(bytes.buffer instanceof ArrayBuffer) || (spec.dtype === 'float32' && bytes.byteOffset % 4 !== 0)) {
      const copy = this.running > 1 ? new Uint8Array(need) : (this.scratch ??= new Uint8Array(need));
      copy.set(bytes);
      src = copy;
    }
    const dims = spec.layout === 'nchw' ? [1, 3, spec.height, spec.width] : [1, spec.height, spec.width, 3];
    const data = spec.dtype === 'float32' ? new Float32Array(src.buffer, src.byteOffset, need / 4) : new Uint8Array(src.buffer, src.byteOffset, need);
    return { [this.model.inputName]: new ort.Tensor(spec.dtype, data, dims) };
  }

  private allowSet(list: readonly string[] | null): ReadonlySet<string> | null {
    if (list !== this.lastAllow.list) this.lastAllow = { list, set: list ? new Set(list) : null };
    return this.lastAllow.set;
  }
}

/** Output values as numbers; 64-bit integer outputs (class ids in some exports) become doubles. */
function toOutputTensor(name: string, v: ort.OnnxValue | undefined): OutputTensor {
  if (!v) throw new AppError('model_invalid', `the model did not return output ${name}`);
  const t = v as ort.Tensor;
  const d = t.data;
  if (d instanceof BigInt64Array || d instanceof BigUint64Array) return { dims: t.dims, data: Float64Array.from(d, (x) => Number(x)) };
  if (t.type === 'float16' || t.type === 'string' || t.type === 'bool') throw new AppError('model_invalid', `output ${name} is ${t.type}; Vigil decodes numeric float32/integer outputs`);
  return { dims: t.dims, data: d as ArrayLike<number> };
}

/** Opens one session per candidate thread count, times a few runs each, keeps the fastest. */
async function measureThreads(model: ResolvedModel, blank: Uint8Array): Promise<{ session: ort.InferenceSession; threads: number }> {
  const spec = model.input;
  const dims = spec.layout === 'nchw' ? [1, 3, spec.height, spec.width] : [1, spec.height, spec.width, 3];
  const data = spec.dtype === 'float32' ? new Float32Array(blank.buffer, 0, blank.byteLength / 4) : blank;
  const feed = { [model.inputName]: new ort.Tensor(spec.dtype, data, dims) };
  const sessions = new Map<number, ort.InferenceSession>();
  const samples = [];
  try {
    for (const threads of threadCandidates()) {
      const s = await openSession(model.path, sessionOptions(threads));
      sessions.set(threads, s);
      await s.run(feed);
      const times: number[] = [];
      for (let i = 0; i < MEASURE_RUNS; i++) {
        const t0 = performance.now();
        await s.run(feed);
        times.push(performance.now() - t0);
      }
      samples.push({ threads, medianMs: median(times) });
    }
  } catch (e) {
    for (const s of sessions.values()) await s.release();
    throw e;
  }
  const threads = pickThreads(samples);
  for (const [t, s] of sessions) if (t !== threads) await s.release();
  return { session: sessions.get(threads) as ort.InferenceSession, threads };
}

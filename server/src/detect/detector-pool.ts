// The detector worker pool: N worker threads, each with its own onnxruntime session, inputs in
// SharedArrayBuffer slots. Bounded: when every slot is taken a request is refused at once (the
// caller counts a skipped frame). Crashed workers are restarted at most N times a minute, then the
// pool reports itself failed instead of running half-alive.
// A worker is never terminated while onnxruntime runs in it: with onnxruntime-node 1.30 that
// aborts the whole process ("terminate called after throwing an instance of 'Napi::Error'",
// measured). So a request that times out is failed to its caller, but its worker finishes the
// run (its slot stays taken until then) and is then used again.
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DetectorStats } from '../contracts/domain';
import { tensorBytes, type DetectInput, type DetectorToMain, type Letterbox, type MainToDetector, type ResolvedModel } from '../contracts/worker-protocol';
import { systemClock, type Clock } from '../lib/clock';
import { AppError, type ErrorCode } from '../lib/errors';
import { silentLogger, type Logger } from '../lib/logger';
import { compiledEntry } from '../lib/paths';
import type { DetectOutcome } from './detector';
import { imageBytes } from './prep-model';
import { RestartBudget } from './restart-budget';

export interface DetectorPoolOptions {
  model: ResolvedModel;
  workers: number;
  /** Intra-op threads per worker; 0 = one per worker when workers fill the cores, else measured by the first worker. */
  threads: number;
  timeoutMs: number;
  minScore: number;
  nmsIou: number;
  /** Requests that may wait for a busy worker, beyond one running per worker. @default workers */
  queueDepth?: number;
  /** Restarts allowed within `restartWindowMs` before the pool fails. @default 5 */
  maxRestarts?: number;
  restartWindowMs?: number;
  /** Longest wait for all workers to load the model and warm up. @default 120000 */
  startTimeoutMs?: number;
  log?: Logger;
  clock?: Clock;
  /** Creates a worker thread running detector.worker (tests wrap it to reach the Worker object). */
  spawn?: (entry: string) => Worker;
  /** Called once when the pool gives up (restart limit reached). */
  onFailed?: (reason: string) => void;
}

export type PoolState = 'new' | 'starting' | 'ready' | 'failed' | 'closed';

interface Request {
  id: number;
  slot: number;
  input: DetectInput;
  letterbox: Letterbox;
  frameWidth: number;
  frameHeight: number;
  labels: string[] | null;
  resolve: (r: DetectOutcome) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout | null;
  settled: boolean;
}

interface WorkerHandle {
  index: number;
  workerId: number;
  worker: Worker;
  ready: boolean;
  current: Request | null;
  /** The pool itself is stopping this worker: its exit is not a crash. */
  retiring: boolean;
  starting: { resolve: (threads: number) => void; reject: (e: Error) => void } | null;
}

const ERROR_CODES = new Set<string>(['bad_request', 'unavailable', 'model_invalid', 'timeout', 'internal', 'unsupported']);

export class DetectorPool {
  private state: PoolState = 'new';
  private failReason: string | null = null;
  private threads: number;
  private readonly slotBytes: number;
  private readonly slotCount: number;
  private readonly slots: SharedArrayBuffer;
  private readonly freeSlots: number[];
  private readonly queue: Request[] = [];
  private readonly handles = new Map<number, WorkerHandle>();
  private readonly budget: RestartBudget;
  private nextRequestId = 1;
  private nextWorkerId = 1;
  private readonly counters = { inferences: 0, timeouts: 0, failures: 0, restarts: 0, busy: 0 };
  private inferenceMs = 0;
  private readonly log: Logger;
  private readonly clock: Clock;

  constructor(private readonly opts: DetectorPoolOptions) {
    if (!Number.isInteger(opts.workers) || opts.workers < 1) throw new AppError('bad_request', 'a detector pool needs at least one worker');
    this.threads = opts.threads;
    // A slot holds a tensor or a (smaller or equal) region image.
    this.slotBytes = Math.max(tensorBytes(opts.model.input), imageBytes(opts.model.input));
    this.slotCount = opts.workers + (opts.queueDepth ?? opts.workers);
    this.slots = new SharedArrayBuffer(this.slotBytes * this.slotCount);
    this.freeSlots = Array.from({ length: this.slotCount }, (_, i) => this.slotCount - 1 - i);
    this.log = opts.log ?? silentLogger();
    this.clock = opts.clock ?? systemClock;
    this.budget = new RestartBudget(opts.maxRestarts ?? 5, opts.restartWindowMs ?? 60_000);
  }

  /** The model every worker runs. */
  get model(): ResolvedModel {
    return this.opts.model;
  }

  get status(): PoolState {
    return this.state;
  }

  /** Intra-op threads each worker runs with (known once started). */
  get threadsPerWorker(): number {
    return this.threads;
  }

  /** Resolves when every worker has loaded the model and warmed up; rejects (model_invalid, timeout) otherwise. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new AppError('conflict', `detector pool cannot start: it is ${this.state}`);
    this.state = 'starting';
    if (this.threads === 0 && this.opts.workers >= os.availableParallelism()) this.threads = 1;
    const limit = this.opts.startTimeoutMs ?? 120_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AppError('timeout', `detector workers were not ready within ${limit} ms`)), limit);
    });
    try {
      const all = (async () => {
        let first = 0;
        if (this.threads === 0) {
          // The first worker measures; the others reuse its choice instead of measuring each.
          this.threads = await this.spawn(0, 0);
          first = 1;
        }
        await Promise.all(Array.from({ length: this.opts.workers - first }, (_, i) => this.spawn(i + first, this.threads)));
      })();
      // race() also subscribes to `all`, so a start that fails after the timeout is not unhandled.
      await Promise.race([all, timeout]);
    } catch (e) {
      this.state = 'failed';
      this.failReason = (e as Error).message;
      await this.stopWorkers();
      throw e;
    } finally {
      clearTimeout(timer);
    }
    if (this.state !== 'starting') throw new AppError('unavailable', `detector pool is ${this.state}`);
    this.state = 'ready';
    this.log.info({ workers: this.opts.workers, threads: this.threads, model: this.opts.model.name }, 'detector pool ready');
  }

  /**
   * Runs detection on tensor bytes laid out per the model input, or on a region image (8-bit HWC in
   * the model's channel order; the worker normalises it). Rejects at once with `unavailable` when
   * every slot is taken (never queues without bound), `timeout` when it takes longer than
   * `timeoutMs`.
   */
  detect(tensor: Uint8Array, letterbox: Letterbox, frameWidth: number, frameHeight: number, labels: string[] | null = null, input: DetectInput = 'tensor'): Promise<DetectOutcome> {
    if (this.state !== 'ready') {
      const why = this.state === 'failed' ? `detector failed: ${this.failReason ?? 'unknown'}` : `detector pool is ${this.state}`;
      return Promise.reject(new AppError('unavailable', why));
    }
    const need = input === 'image' ? imageBytes(this.opts.model.input) : tensorBytes(this.opts.model.input);
    if (tensor.byteLength !== need) {
      return Promise.reject(new AppError('bad_request', `${input} has ${tensor.byteLength} bytes; the model input needs ${need}`));
    }
    const slot = this.freeSlots.pop();
    if (slot === undefined) {
      this.counters.busy++;
      return Promise.reject(new AppError('unavailable', `all ${this.slotCount} detector slots are busy`));
    }
    new Uint8Array(this.slots, slot * this.slotBytes, this.slotBytes).set(tensor);
    return new Promise<DetectOutcome>((resolve, reject) => {
      const req: Request = { id: this.nextRequestId++, slot, input, letterbox, frameWidth, frameHeight, labels, resolve, reject, timer: null, settled: false };
      req.timer = setTimeout(() => this.onTimeout(req), this.opts.timeoutMs);
      this.queue.push(req);
      this.dispatch();
    });
  }

  stats(): DetectorStats {
    return {
      workers: this.opts.workers,
      ready: [...this.handles.values()].filter((h) => h.ready).length,
      inference_speed: Math.round(this.inferenceMs * 10) / 10,
      inferences: this.counters.inferences,
      timeouts: this.counters.timeouts,
      failures: this.counters.failures,
      restarts: this.counters.restarts,
      queue: this.queue.length,
    };
  }

  /**
   * Fault injection (tests only, lib/test-faults.ts): the first ready worker exits when its next
   * request arrives. False when no worker is ready; the worker ignores it without VIGIL_TEST_FAULTS=1.
   */
  injectFault(): boolean {
    const h = [...this.handles.values()].find((x) => x.ready && !x.retiring);
    if (!h) return false;
    h.worker.postMessage({ type: 'fault', fault: 'exit-on-next-request' } satisfies MainToDetector);
    return true;
  }

  /** Requests refused because every slot was busy (the pipeline counts them as skipped frames too). */
  get refused(): number {
    return this.counters.busy;
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.rejectAll(new AppError('unavailable', 'detector pool closed'));
    await this.stopWorkers();
  }

  // --- workers -------------------------------------------------------------------------------

  /** Starts the worker for `index`; resolves with its thread count once it is warm. */
  private spawn(index: number, threads: number): Promise<number> {
    const entry = compiledEntry('detect/detector.worker');
    if (!fs.existsSync(entry)) return Promise.reject(new AppError('internal', `detector worker not built: ${entry} is missing (run npm run build)`));
    const worker = this.opts.spawn ? this.opts.spawn(entry) : new Worker(entry);
    const h: WorkerHandle = { index, workerId: this.nextWorkerId++, worker, ready: false, current: null, retiring: false, starting: null };
    this.handles.set(index, h);
    const started = new Promise<number>((resolve, reject) => (h.starting = { resolve, reject }));
    worker.on('message', (m: DetectorToMain) => this.onMessage(h, m));
    worker.on('error', (e) => this.log.error({ err: e, worker: h.workerId }, 'detector worker threw'));
    worker.on('exit', (code) => this.onExit(h, code));
    const init: MainToDetector = {
      type: 'init',
      init: { workerId: h.workerId, model: this.opts.model, threads, slots: this.slots, slotCount: this.slotCount, minScore: this.opts.minScore, nmsIou: this.opts.nmsIou },
    };
    worker.postMessage(init);
    return started;
  }

  private onMessage(h: WorkerHandle, m: DetectorToMain): void {
    if (this.handles.get(h.index) !== h) return;
    if (m.type === 'ready') {
      h.ready = true;
      this.log.debug({ worker: h.workerId, warmupMs: Math.round(m.warmupMs), threads: m.threads }, 'detector worker ready');
      h.starting?.resolve(m.threads);
      h.starting = null;
      this.dispatch();
      return;
    }
    if (m.type === 'error' && m.id === null) {
      const err = new AppError(toCode(m.code, 'model_invalid'), m.message);
      if (h.starting) {
        h.starting.reject(err);
        h.starting = null;
      }
      this.retire(h, m.message);
      return;
    }
    const req = h.current;
    if (!req || req.id !== m.id) return;
    h.current = null;
    this.freeSlots.push(req.slot);
    if (m.type === 'result') {
      this.counters.inferences++;
      const ms = m.timings.inferenceMs;
      this.inferenceMs = this.counters.inferences === 1 ? ms : this.inferenceMs * 0.9 + ms * 0.1;
      this.settle(req, null, { detections: m.detections, timings: m.timings });
    } else {
      this.counters.failures++;
      this.settle(req, new AppError(toCode(m.code, 'internal'), m.message), null);
      if (m.fatal) this.retire(h, m.message);
    }
    this.dispatch();
  }

  private onExit(h: WorkerHandle, code: number): void {
    if (this.handles.get(h.index) === h) this.handles.delete(h.index);
    const reason = `detector worker ${h.workerId} exited (code ${code})`;
    if (h.starting) {
      h.starting.reject(new AppError('internal', `${reason} while loading the model`));
      h.starting = null;
    }
    const req = h.current;
    h.current = null;
    if (req) {
      this.freeSlots.push(req.slot);
      if (!req.settled) this.counters.failures++;
      this.settle(req, new AppError('internal', `${reason}; its request was lost`), null);
    }
    if (h.retiring || this.state !== 'ready') return;
    this.log.warn({ worker: h.workerId, code }, 'detector worker crashed');
    this.restart(h.index, reason);
  }

  /** Stops a worker that reported a fatal error (it is idle then); its exit goes through the restart path. */
  private retire(h: WorkerHandle, reason: string): void {
    if (this.state !== 'ready') h.retiring = true;
    this.log.warn({ worker: h.workerId, reason }, 'stopping detector worker');
    void h.worker.terminate();
  }

  private restart(index: number, reason: string): void {
    if (!this.budget.take(this.clock.now())) {
      this.fail(`${reason}; ${this.budget.max} restarts within ${Math.round(this.budget.windowMs / 1000)} s already`);
      return;
    }
    this.counters.restarts++;
    this.spawn(index, this.threads).catch((e: Error) => {
      this.log.error({ err: e }, 'detector worker restart failed');
    });
  }

  private fail(reason: string): void {
    if (this.state !== 'ready') return;
    this.state = 'failed';
    this.failReason = reason;
    this.log.error({ reason }, 'detector pool failed');
    this.rejectAll(new AppError('unavailable', `detector failed: ${reason}`));
    void this.stopWorkers();
    this.opts.onFailed?.(reason);
  }

  private async stopWorkers(): Promise<void> {
    const all = [...this.handles.values()];
    this.handles.clear();
    await Promise.all(
      all.map(async (h) => {
        h.retiring = true;
        // threadId is -1 once the thread has stopped: no exit event is coming.
        if (h.worker.threadId < 0) return;
        const exited = new Promise<void>((resolve) => h.worker.once('exit', () => resolve()));
        try {
          h.worker.postMessage({ type: 'close' } satisfies MainToDetector);
        } catch {
          // already gone
        }
        // `close` lets model loading or a running request finish first; only a ready, idle worker
        // that ignores it is terminated (terminating inside onnxruntime aborts the process).
        const t = setTimeout(() => {
          if (h.ready && !h.current) void h.worker.terminate();
        }, 2000);
        await exited;
        clearTimeout(t);
      }),
    );
  }

  // --- requests ------------------------------------------------------------------------------

  private dispatch(): void {
    while (this.queue.length > 0) {
      const idle = [...this.handles.values()].find((h) => h.ready && !h.current && !h.retiring);
      if (!idle) return;
      const req = this.queue.shift() as Request;
      idle.current = req;
      const msg: MainToDetector = {
        type: 'detect',
        id: req.id,
        slot: req.slot,
        input: req.input,
        letterbox: req.letterbox,
        frameWidth: req.frameWidth,
        frameHeight: req.frameHeight,
        labels: req.labels,
      };
      idle.worker.postMessage(msg);
    }
  }

  private onTimeout(req: Request): void {
    req.timer = null;
    if (req.settled) return;
    this.counters.timeouts++;
    this.settle(req, new AppError('timeout', `detection took longer than ${this.opts.timeoutMs} ms`), null);
    // Still waiting: drop it. Running: its slot stays taken until the worker answers.
    const queued = this.queue.indexOf(req);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.freeSlots.push(req.slot);
    }
  }

  private settle(req: Request, err: Error | null, result: DetectOutcome | null): void {
    if (req.timer) clearTimeout(req.timer);
    req.timer = null;
    if (req.settled) return;
    req.settled = true;
    if (err) req.reject(err);
    else req.resolve(result as DetectOutcome);
  }

  private rejectAll(err: AppError): void {
    for (const req of this.queue.splice(0)) {
      this.freeSlots.push(req.slot);
      this.settle(req, err, null);
    }
    for (const h of this.handles.values()) if (h.current) this.settle(h.current, err, null);
  }
}

function toCode(code: string | undefined, fallback: ErrorCode): ErrorCode {
  return code !== undefined && ERROR_CODES.has(code) ? (code as ErrorCode) : fallback;
}

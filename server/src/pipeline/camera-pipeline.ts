// One camera's path on the main thread: frame messages from its capture child → detector pool
// (one detection in flight per camera: the credit) → filters → tracker → event service, plus
// motion ON/OFF and object counts on the bus. Frames are handled strictly in order.
import type { VigilBusEvents } from '../contracts/bus-events';
import type { Box, Detection, TrackedObject } from '../contracts/domain';
import type { Letterbox } from '../contracts/worker-protocol';
import type { CameraConfig } from '../config/schema';
import type { FrameMessage } from '../capture/camera-supervisor';
import type { CameraSupervisor } from '../capture/camera-supervisor';
import type { DetectOutcome } from '../detect/detector';
import type { EventService } from '../events/event-service';
import { toPixels } from '../geometry/polygon';
import type { EventBus } from '../lib/event-bus';
import { isAppError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { filterDetections } from '../track/filters';
import type { IdFactory } from '../track/track-id';
import { Tracker, type TrackerUpdate } from '../track/tracker';
import type { CameraRuntime } from './camera-runtime';
import { mergeRegionDetections } from './merge-detections';

export interface Detect {
  detect(tensor: Uint8Array, letterbox: Letterbox, frameWidth: number, frameHeight: number, labels: string[] | null): Promise<DetectOutcome>;
}

export interface PipelineDeps {
  cam: CameraConfig;
  supervisor: CameraSupervisor;
  runtime: CameraRuntime;
  detector: Detect | null;
  events: EventService;
  bus: EventBus<VigilBusEvents>;
  log: Logger;
  mode: 'live' | 'replay';
  idFactory?: IdFactory;
  /** Sees every handled frame and the tracker's answer (replay reports tracks from it). */
  observe?: (m: FrameMessage, update: TrackerUpdate) => void;
}

/** What the pipeline did with the last frame: live view overlays read it. */
export interface FrameOverlay {
  time: number;
  motion: Box[];
  regions: Box[];
}

export class CameraPipeline {
  private tracker: Tracker | null = null;
  private width = 0;
  private height = 0;
  private chain: Promise<void> = Promise.resolve();
  private motionOn = false;
  private lastMotion = 0;
  private counts = new Map<string, number>();
  private unlisten: (() => void) | null = null;
  private pending = 0;
  private readonly handledListeners = new Set<(m: FrameMessage) => void>();
  overlay: FrameOverlay = { time: 0, motion: [], regions: [] };
  /** Inference runs that completed / were refused (pool busy) / failed. */
  readonly counters = { detections: 0, refused: 0, failed: 0, frames: 0, lastFrameTime: 0 };

  constructor(private readonly d: PipelineDeps) {}

  start(): void {
    this.unlisten = this.d.supervisor.listen({
      onFrame: (m) => {
        this.pending++;
        this.chain = this.chain
          .then(() => this.handle(m))
          .catch((e: unknown) => this.d.log.error({ err: e, camera: this.d.cam.name }, 'pipeline frame failed'))
          .finally(() => {
            this.pending--;
            for (const fn of this.handledListeners) fn(m);
          });
      },
      onState: (state) => {
        if (state === 'online' && this.d.mode === 'live') this.d.supervisor.credit();
      },
      onRestart: () => {
        if (this.d.mode === 'live') this.d.supervisor.credit();
      },
    });
  }

  /** True while a frame is waiting for (or in) detection: newer pixels would outrun the boxes. */
  get busy(): boolean {
    return this.pending > 0;
  }

  /** Called after each frame is handled, when the tracked objects describe that very frame. */
  onHandled(fn: (m: FrameMessage) => void): () => void {
    this.handledListeners.add(fn);
    return () => this.handledListeners.delete(fn);
  }

  /** Resolves once every frame received so far is handled. */
  idle(): Promise<void> {
    return this.chain;
  }

  stop(): void {
    this.unlisten?.();
    this.unlisten = null;
  }

  /** Objects currently confirmed (for the API and live view). */
  objects(): TrackedObject[] {
    return this.d.runtime.trackedObjects();
  }

  private ensureTracker(): Tracker | null {
    if (this.tracker) return this.tracker;
    const s = this.d.supervisor;
    const w = s.detectWidth ?? s.width;
    const h = s.detectHeight ?? s.height;
    if (!w || !h) return null;
    this.width = w;
    this.height = h;
    const { cam } = this.d;
    this.tracker = new Tracker({ camera: cam.name, detect: cam.detect, objects: cam.objects, zones: cam.zones, frameWidth: w, frameHeight: h, idFactory: this.d.idFactory });
    this.d.events.attachCamera(cam, w, h);
    return this.tracker;
  }

  private async handle(m: FrameMessage): Promise<void> {
    const tracker = this.ensureTracker();
    if (!tracker) return;
    const { cam } = this.d;
    this.counters.frames++;
    this.counters.lastFrameTime = m.time;
    this.motion(m);

    const detections: Detection[] = [];
    const covered: Box[] = [];
    if (m.regions.length > 0 && this.d.detector) {
      const labels = cam.objects.track;
      const results = await Promise.allSettled(m.regions.map((r) => this.d.detector!.detect(r.data, r.letterbox, this.width, this.height, labels)));
      results.forEach((res, i) => {
        if (res.status === 'fulfilled') {
          detections.push(...res.value.detections);
          covered.push(m.regions[i]!.region);
          this.counters.detections++;
          this.d.runtime.stats.recordDetection(res.value.timings.inferenceMs);
        } else if (isAppError(res.reason) && res.reason.code === 'unavailable') {
          this.counters.refused++;
        } else {
          this.counters.failed++;
          this.d.log.warn({ camera: cam.name, err: res.reason }, 'detection failed');
        }
      });
    }
    if (m.regions.length > 0 && this.d.mode === 'live') this.d.supervisor.credit();

    const masks = cam.objects.mask.map((p) => toPixels(p, this.width, this.height));
    const tracked = filterDetections(mergeRegionDetections(detections), cam.objects, masks, this.width, this.height);
    const update = tracker.update(m.time, tracked, covered);
    const confirmed = update.objects.filter((o) => o.confirmed);
    this.d.runtime.setObjects(confirmed);
    this.overlay = { time: m.time, motion: m.motion, regions: m.regions.map((r) => r.region) };
    this.d.supervisor.setHints(tracker.hints());
    this.d.events.onTracked(cam.name, update, m.time, m.pixels);
    this.publishCounts(confirmed, m.time);
    this.d.observe?.(m, update);
    if (this.d.mode === 'replay') {
      // Replays wait for snapshot writes so every run announces the same things in the same order.
      await this.d.events.snapshotsDone(cam.name);
      this.d.supervisor.ack(m.seq);
    }
  }

  private motion(m: FrameMessage): void {
    const { cam, bus } = this.d;
    if (m.motion.length > 0) {
      this.lastMotion = m.time;
      if (!this.motionOn) {
        this.motionOn = true;
        bus.emit('camera.motion', { camera: cam.name, active: true, time: m.time / 1000 });
      }
    } else if (this.motionOn && m.time - this.lastMotion >= cam.motion.mqtt_off_delay_s * 1000) {
      this.motionOn = false;
      bus.emit('camera.motion', { camera: cam.name, active: false, time: m.time / 1000 });
    }
  }

  private publishCounts(objects: TrackedObject[], time: number): void {
    const next = new Map<string, number>();
    for (const k of this.counts.keys()) next.set(k, 0);
    for (const o of objects) next.set(o.label, (next.get(o.label) ?? 0) + 1);
    let changed = next.size !== this.counts.size;
    for (const [k, v] of next) if (this.counts.get(k) !== v) changed = true;
    if (!changed) return;
    this.counts = next;
    this.d.bus.emit('camera.objects', { camera: this.d.cam.name, counts: Object.fromEntries(next), time: time / 1000 });
  }

  /** Ends the camera's events (shutdown, end of replay). */
  finish(time: number): void {
    this.d.events.flush(time, this.d.cam.name);
  }
}

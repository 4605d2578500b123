// All cameras of the box: for each enabled camera its capture supervisor, runtime (latest frame,
// stats) and pipeline (detect → track → events); camera state changes go on the bus.
import { CameraSupervisor } from '../capture/camera-supervisor';
import { resolveCamera, type CameraConfig, type VigilConfig } from '../config/schema';
import type { VigilBusEvents } from '../contracts/bus-events';
import type { CameraState } from '../contracts/domain';
import type { ModelInputSpec } from '../contracts/worker-protocol';
import type { EventService } from '../events/event-service';
import type { FootageSource } from '../events/clip-finalizer';
import type { GapStore, SegmentStore } from '../events/ports';
import { Recorder } from '../events/recorder';
import type { EventBus } from '../lib/event-bus';
import type { Logger } from '../lib/logger';
import { CameraPipeline, type Detect } from './camera-pipeline';
import { CameraRuntime } from './camera-runtime';
import { captureInitFor } from './capture-init';

export interface CameraEntry {
  config: CameraConfig;
  supervisor: CameraSupervisor;
  runtime: CameraRuntime;
  pipeline: CameraPipeline;
  recorder: Recorder | null;
}

export interface CameraSetDeps {
  config: VigilConfig;
  model: ModelInputSpec | null;
  detector: Detect | null;
  events: EventService;
  bus: EventBus<VigilBusEvents>;
  log: Logger;
  /** Recording (null: nothing is recorded, e.g. tests). */
  recording: { dataDir: string; segments: SegmentStore; gaps: GapStore } | null;
}

export class CameraSet implements FootageSource {
  readonly entries = new Map<string, CameraEntry>();

  constructor(private readonly d: CameraSetDeps) {
    for (const name of Object.keys(d.config.cameras)) {
      const cam = resolveCamera(d.config, name);
      if (!cam.enabled) continue;
      const supervisor = new CameraSupervisor({ init: captureInitFor(cam, cam.detect.enabled ? d.model : null), log: d.log });
      const runtime = new CameraRuntime(cam, supervisor);
      d.events.registerCamera(cam);
      const pipeline = new CameraPipeline({ cam, supervisor, runtime, detector: d.detector, events: d.events, bus: d.bus, log: d.log, mode: 'live' });
      let previous: CameraState = supervisor.state;
      supervisor.listen({
        onState: (state, reason) => {
          d.bus.emit('camera.state', { camera: name, state, previous, reason, time: Date.now() / 1000 });
          previous = state;
        },
      });
      const rec = d.recording;
      const recorder =
        rec && cam.record.enabled
          ? new Recorder({
              camera: name,
              source: cam.source,
              recordSource: cam.record_source,
              rtspTransport: cam.rtsp_transport,
              record: cam.record,
              dataDir: rec.dataDir,
              segments: rec.segments,
              gaps: rec.gaps,
              link: supervisor,
              log: d.log,
            })
          : null;
      this.entries.set(name, { config: cam, supervisor, runtime, pipeline, recorder });
    }
  }

  get(name: string): CameraEntry | undefined {
    return this.entries.get(name);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Recorders first (a piped encoder must exist before the first frame), then capture. */
  async start(after: 'startup' | 'crash'): Promise<void> {
    for (const e of this.entries.values()) {
      try {
        await e.recorder?.start(after);
      } catch (err) {
        d_log(this.d.log, e.config.name, err);
      }
      e.pipeline.start();
      e.runtime.start();
    }
  }

  footageThrough(camera: string): number | null {
    return this.entries.get(camera)?.recorder?.stats().lastSegmentEnd ?? null;
  }

  recording(camera: string): boolean {
    return Boolean(this.entries.get(camera)?.recorder);
  }

  segmentSeconds(camera: string): number {
    return this.entries.get(camera)?.config.record.segment_seconds ?? 10;
  }

  /** Turns detection on or off at run time (MQTT `detect/set`, API). */
  setDetect(name: string, on: boolean): boolean {
    const e = this.entries.get(name);
    if (!e || (on && !e.config.detect.enabled && !this.d.model)) return false;
    e.supervisor.setDetect(on);
    e.runtime.detectEnabled = on;
    return true;
  }

  async close(): Promise<void> {
    for (const e of this.entries.values()) e.pipeline.stop();
    // Recorders index their last segment before the capture (and a piped encoder) goes away.
    await Promise.all([...this.entries.values()].map((e) => e.recorder?.close()));
    await Promise.all([...this.entries.values()].map((e) => e.runtime.close()));
    const now = Date.now();
    for (const e of this.entries.values()) e.pipeline.finish(now);
  }
}

function d_log(log: Logger, camera: string, err: unknown): void {
  log.error({ err, camera }, 'recorder failed to start; the camera runs without recording');
}

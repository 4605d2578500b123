// All cameras of the box: for each enabled camera its capture supervisor, runtime (latest frame,
// stats) and pipeline (detect → track → events); camera state changes go on the bus.
import { CameraSupervisor } from '../capture/camera-supervisor';
import { resolveCamera, type CameraConfig, type VigilConfig } from '../config/schema';
import type { VigilBusEvents } from '../contracts/bus-events';
import type { CameraState } from '../contracts/domain';
import type { ModelInputSpec } from '../contracts/worker-protocol';
import type { EventService } from '../events/event-service';
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
}

export interface CameraSetDeps {
  config: VigilConfig;
  model: ModelInputSpec | null;
  detector: Detect | null;
  events: EventService;
  bus: EventBus<VigilBusEvents>;
  log: Logger;
}

export class CameraSet {
  readonly entries = new Map<string, CameraEntry>();

  constructor(private readonly d: CameraSetDeps) {
    for (const name of Object.keys(d.config.cameras)) {
      const cam = resolveCamera(d.config, name);
      if (!cam.enabled) continue;
      const supervisor = new CameraSupervisor({ init: captureInitFor(cam, cam.detect.enabled ? d.model : null), log: d.log });
      const runtime = new CameraRuntime(cam, supervisor);
      const pipeline = new CameraPipeline({ cam, supervisor, runtime, detector: d.detector, events: d.events, bus: d.bus, log: d.log, mode: 'live' });
      let previous: CameraState = supervisor.state;
      supervisor.listen({
        onState: (state, reason) => {
          d.bus.emit('camera.state', { camera: name, state, previous, reason, time: Date.now() / 1000 });
          previous = state;
        },
      });
      this.entries.set(name, { config: cam, supervisor, runtime, pipeline });
    }
  }

  get(name: string): CameraEntry | undefined {
    return this.entries.get(name);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  start(): void {
    for (const e of this.entries.values()) {
      e.pipeline.start();
      e.runtime.start();
    }
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
    await Promise.all([...this.entries.values()].map((e) => e.runtime.close()));
    const now = Date.now();
    for (const e of this.entries.values()) e.pipeline.finish(now);
  }
}

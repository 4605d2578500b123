// A running camera on the main side: its capture supervisor, the latest frame it sent, its stats,
// and (once the pipeline is attached) its tracked objects. Implements the API's CameraView.
import type { CameraConfig } from '../config/schema';
import type { CameraInfo, CameraStats, TrackedObject } from '../contracts/domain';
import type { FramePixels } from '../contracts/worker-protocol';
import type { CameraSupervisor } from '../capture/camera-supervisor';
import { toPixels } from '../geometry/polygon';
import { CameraStatsTracker } from './camera-stats';

/** A cached frame younger than this is served instead of asking the child again. */
const FRESH_MS = 250;

export class CameraRuntime {
  readonly stats = new CameraStatsTracker();
  private latest: { time: number; pixels: FramePixels; at: number } | null = null;
  private objects: TrackedObject[] = [];
  private sampler: NodeJS.Timeout | null = null;

  constructor(readonly config: CameraConfig, readonly supervisor: CameraSupervisor) {
    supervisor.listen({
      onFrame: (m) => {
        if (m.pixels) this.remember(m.time, m.pixels);
      },
      onLive: (m) => this.remember(m.time, m.pixels),
      onState: (state) => {
        if (state !== 'online') this.latest = null;
      },
    });
  }

  get name(): string {
    return this.config.name;
  }

  start(): void {
    this.supervisor.start();
    this.sampler = setInterval(() => this.stats.sample(Date.now(), this.supervisor.stats), 1000);
  }

  async close(): Promise<void> {
    if (this.sampler) clearInterval(this.sampler);
    await this.supervisor.close();
  }

  remember(time: number, pixels: FramePixels): void {
    this.latest = { time, pixels, at: Date.now() };
  }

  setObjects(objects: TrackedObject[]): void {
    this.objects = objects;
  }

  trackedObjects(): TrackedObject[] {
    return this.objects;
  }

  async latestFrame(): Promise<{ time: number; pixels: FramePixels } | null> {
    const cached = this.latest;
    if (cached && Date.now() - cached.at < FRESH_MS) return { time: cached.time, pixels: cached.pixels };
    const g = await this.supervisor.grab();
    if (g.pixels && g.time !== null) {
      this.remember(g.time, g.pixels);
      return { time: g.time, pixels: g.pixels };
    }
    return cached ? { time: cached.time, pixels: cached.pixels } : null;
  }

  info(): CameraInfo {
    const s = this.supervisor;
    const w = s.detectWidth ?? s.width;
    const h = s.detectHeight ?? s.height;
    const zones: Record<string, [number, number][]> = {};
    for (const [name, z] of Object.entries(this.config.zones)) zones[name] = w && h ? toPixels(z.coordinates, w, h) : z.coordinates;
    return {
      name: this.name,
      state: s.state,
      reason: s.reason,
      kind: s.kind,
      width: s.width,
      height: s.height,
      detect_width: w,
      detect_height: h,
      fps: s.stats.fps,
      detect_fps: this.config.detect.fps,
      detect_enabled: this.config.detect.enabled,
      zones,
    };
  }

  statsSnapshot(): CameraStats {
    return this.stats.snapshot(this.supervisor.state, this.supervisor.stats, this.config.detect.enabled, this.supervisor.lastFrameTime);
  }
}

// Rates for /api/stats from a camera's running counters: sampled every second, differenced over
// a sliding window.
import type { CameraState, CameraStats } from '../contracts/domain';
import type { CaptureCounters } from '../contracts/worker-protocol';

interface Sample {
  t: number;
  processed: number;
  skipped: number;
  detections: number;
  motionFrames: number;
  regions: number;
}

export class CameraStatsTracker {
  private readonly samples: Sample[] = [];
  detections = 0;
  /** Moving average of inference time (ms). */
  detectorMs = 0;

  constructor(private readonly windowMs = 10_000) {}

  /** Records a detector run (one per region) and its inference time. */
  recordDetection(ms: number): void {
    this.detectorMs = this.detections === 0 ? ms : this.detectorMs * 0.9 + ms * 0.1;
    this.detections++;
  }

  sample(now: number, c: CaptureCounters): void {
    this.samples.push({ t: now, processed: c.processed, skipped: c.skipped, detections: this.detections, motionFrames: c.motionFrames, regions: c.regions });
    while (this.samples.length > 2 && now - (this.samples[0] as Sample).t > this.windowMs) this.samples.shift();
  }

  snapshot(state: CameraState, c: CaptureCounters, detectEnabled: boolean, lastFrameTime: number | null): CameraStats {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    const span = first && last ? (last.t - first.t) / 1000 : 0;
    const rate = (k: keyof Omit<Sample, 't'>) => (first && last && span > 0 ? Math.max(0, (last[k] - first[k]) / span) : 0);
    const processedInWindow = first && last ? last.processed - first.processed : 0;
    const r1 = (v: number) => Math.round(v * 10) / 10;
    return {
      state,
      camera_fps: r1(c.fps),
      process_fps: r1(rate('processed')),
      detection_fps: r1(rate('detections')),
      skipped_fps: r1(rate('skipped')),
      skipped: c.skipped,
      captured: c.captured,
      dropped: c.dropped,
      reconnects: c.reconnects,
      motion_share: processedInWindow > 0 && first && last ? Math.round(((last.motionFrames - first.motionFrames) / processedInWindow) * 100) / 100 : 0,
      regions_per_frame: processedInWindow > 0 && first && last ? Math.round(((last.regions - first.regions) / processedInWindow) * 100) / 100 : 0,
      detector_ms: Math.round(this.detectorMs * 10) / 10,
      detect_enabled: detectEnabled,
      last_frame_time: lastFrameTime === null ? null : lastFrameTime / 1000,
    };
  }
}

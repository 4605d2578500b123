// From the `detector` config section to a detector pool ready to start: the one place that maps
// config names onto the pool's options, so the composition root stays a single call.
import type { DetectorConfig } from '../config/schema';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import { DetectorPool, type DetectorPoolOptions } from './detector-pool';
import { resolveModel, type ResolveOptions } from './model-resolve';

export interface DetectorSetupDeps extends ResolveOptions {
  log?: Logger;
  clock?: Clock;
  onFailed?: (reason: string) => void;
  /** Requests that may wait beyond one per worker (a frame brings several regions). */
  queueDepth?: number;
}

/** Pool options for a resolved model and the detector config (pure). */
export function poolOptions(cfg: DetectorConfig, model: DetectorPoolOptions['model']): DetectorPoolOptions {
  return { model, workers: cfg.workers, threads: cfg.threads, timeoutMs: cfg.timeout_ms, minScore: cfg.min_score, nmsIou: cfg.nms_iou };
}

/** Resolves the configured model (model_invalid on any problem) and builds the pool; call start() next. */
export async function createDetectorPool(cfg: DetectorConfig, deps: DetectorSetupDeps = {}): Promise<DetectorPool> {
  const model = await resolveModel(cfg.model, deps);
  return new DetectorPool({ ...poolOptions(cfg, model), queueDepth: deps.queueDepth, log: deps.log, clock: deps.clock, onFailed: deps.onFailed });
}

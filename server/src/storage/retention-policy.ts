// Turns the config's storage and record sections into the planner's numbers: byte budgets from
// GB or percent of the disk, per-camera days/quotas/capture windows, the minimum footage age.
import type { RecordConfig, StorageConfig } from '../config/schema';
import type { CameraRetention, RetentionPolicy } from './retention';
import type { CaptureWindows } from './segment.repository';

/** Config sizes are decimal gigabytes, like disk labels. */
export const GB = 1e9;

export interface RetentionSettings {
  storage: Pick<StorageConfig, 'max_gb' | 'max_percent' | 'min_free_gb'>;
  /** The global record section: applies to cameras no longer in the config. */
  record: RecordConfig;
  /** Each configured camera's merged record section. */
  cameras: Record<string, RecordConfig>;
}

function cameraRetention(r: RecordConfig): CameraRetention {
  return {
    continuousDays: r.continuous.days,
    eventsDays: r.events.days,
    quotaBytes: r.quota_gb > 0 ? r.quota_gb * GB : null,
    preCapture: r.pre_capture,
    postCapture: r.post_capture,
  };
}

/** The smaller of the GB budget and the percent-of-disk budget; null when both are off. */
export function budgetBytes(storage: RetentionSettings['storage'], diskTotalBytes: number | null): number | null {
  const budgets: number[] = [];
  if (storage.max_gb > 0) budgets.push(storage.max_gb * GB);
  if (storage.max_percent > 0 && diskTotalBytes !== null) budgets.push((storage.max_percent / 100) * diskTotalBytes);
  return budgets.length > 0 ? Math.min(...budgets) : null;
}

/**
 * Footage stays at least long enough to serve as pre-capture for an event starting now, plus a
 * segment being finished: pre_capture + 2 segments, and never under a minute.
 */
export function minFootageAge(records: readonly RecordConfig[]): number {
  return Math.max(60, ...records.map((r) => r.pre_capture + 2 * r.segment_seconds));
}

export function retentionPolicy(s: RetentionSettings, diskTotalBytes: number | null): RetentionPolicy {
  const cameras: Record<string, CameraRetention> = {};
  for (const [name, r] of Object.entries(s.cameras)) cameras[name] = cameraRetention(r);
  return {
    cameras,
    fallback: cameraRetention(s.record),
    budgetBytes: budgetBytes(s.storage, diskTotalBytes),
    minFreeBytes: s.storage.min_free_gb * GB,
    minAgeSeconds: minFootageAge([s.record, ...Object.values(s.cameras)]),
  };
}

export function captureWindows(p: RetentionPolicy): CaptureWindows {
  const byCamera: CaptureWindows['byCamera'] = {};
  for (const [name, c] of Object.entries(p.cameras)) byCamera[name] = { pre: c.preCapture, post: c.postCapture };
  return { byCamera, fallback: { pre: p.fallback.preCapture, post: p.fallback.postCapture } };
}

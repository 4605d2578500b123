// Disk usage for /api/stats (used, free, days the recording rate still fits) and the disk-low
// signal: sampled periodically, since statfs and SUM() are not free on every stats request.
import type { VigilBusEvents } from '../contracts/bus-events';
import type { StorageStats } from '../contracts/domain';
import type { EventBus } from '../lib/event-bus';
import type { Db } from '../storage/database';
import { budgetBytes, GB, type RetentionSettings } from '../storage/retention-policy';
import { diskSpace, type DiskSpace } from '../storage/retention-runner';

export interface StorageMonitorDeps {
  db: Db;
  dataDir: string;
  settings: () => RetentionSettings;
  bus: EventBus<VigilBusEvents>;
  disk?: (dir: string) => DiskSpace;
  /** Runs retention at once when free space drops below the floor. */
  onLow?: () => void;
}

/** Days of recording the rate of the last day (or since the first segment) still fits. */
export function daysLeft(room: number, bytesPerDay: number): number | null {
  if (bytesPerDay <= 0) return null;
  return Math.max(0, Math.round((room / bytesPerDay) * 10) / 10);
}

export class StorageMonitor {
  private last: StorageStats | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly total;
  private readonly recent;

  constructor(private readonly d: StorageMonitorDeps) {
    this.total = d.db.prepare('SELECT COALESCE(SUM(bytes), 0) AS bytes, MIN(start_time) AS first FROM recording_segments');
    this.recent = d.db.prepare('SELECT COALESCE(SUM(bytes), 0) FROM recording_segments WHERE end_time >= ?').pluck();
  }

  start(intervalMs = 30_000): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }

  stats(): StorageStats | null {
    return this.last;
  }

  sample(now = Date.now() / 1000): StorageStats {
    const disk = (this.d.disk ?? diskSpace)(this.d.dataDir);
    const row = this.total.get() as { bytes: number; first: number | null };
    const dayAgo = now - 86_400;
    const span = row.first === null ? 0 : Math.min(86_400, Math.max(0, now - row.first));
    const lastDay = this.recent.get(dayAgo) as number;
    const perDay = span >= 600 ? (lastDay / span) * 86_400 : 0;
    const s = this.d.settings();
    const budget = budgetBytes(s.storage, disk.total);
    const room = Math.max(0, Math.min(budget !== null ? budget - row.bytes : Infinity, disk.free - s.storage.min_free_gb * GB));
    const stats: StorageStats = {
      total: disk.total,
      used: disk.total - disk.free,
      free: disk.free,
      media_bytes: row.bytes,
      days_left: daysLeft(room, perDay),
    };
    const floor = s.storage.min_free_gb * GB;
    if (floor > 0 && disk.free < floor) {
      this.d.bus.emit('disk.low', { free: disk.free, total: disk.total, floor, time: now });
      this.d.onLow?.();
    }
    this.last = stats;
    return stats;
  }
}

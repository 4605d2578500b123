// CPU and memory of this process for /api/stats: CPU percent between successive calls.
import os from 'node:os';

export class ProcessStats {
  private lastCpu = process.cpuUsage();
  private lastAt = process.hrtime.bigint();
  private percent = 0;
  readonly startedAt = Date.now();

  /** CPU percent of one core since the previous call (at most every 500 ms it recomputes). */
  cpuPercent(): number {
    const now = process.hrtime.bigint();
    const elapsedUs = Number(now - this.lastAt) / 1000;
    if (elapsedUs >= 500_000) {
      const cpu = process.cpuUsage(this.lastCpu);
      this.percent = Math.round(((cpu.user + cpu.system) / elapsedUs) * 1000) / 10;
      this.lastCpu = process.cpuUsage();
      this.lastAt = now;
    }
    return this.percent;
  }

  snapshot(): { uptime: number; cpu_percent: number; rss: number; heap_used: number; load_avg: number[] } {
    const mem = process.memoryUsage();
    return {
      uptime: Math.round((Date.now() - this.startedAt) / 1000),
      cpu_percent: this.cpuPercent(),
      rss: mem.rss,
      heap_used: mem.heapUsed,
      load_avg: os.loadavg().map((v) => Math.round(v * 100) / 100),
    };
  }
}

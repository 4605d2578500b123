// Applies retention: measures the disk, picks candidates, asks the planner, then deletes rows
// (one transaction) before files. A crash between the two leaves only orphan files, which
// reconciliation removes at the next start; no row ever points at a missing file.
import fs from 'node:fs';
import path from 'node:path';
import { systemClock, type Clock } from '../lib/clock';
import { errorMessage } from '../lib/errors';
import type { Logger } from '../lib/logger';
import type { Db } from './database';
import { resolveMediaPath } from '../lib/media-paths';
import { CandidateCollector, candidateNeeds } from './retention-candidates';
import { captureWindows, retentionPolicy, type RetentionSettings } from './retention-policy';
import { DAY_S, planRetention, type EventInfo, type RetentionPlan, type SegmentDeleteReason } from './retention';
import { RetentionRepository } from './retention.repository';
import { SegmentRepository, type SegmentCandidate } from './segment.repository';

export interface DiskSpace {
  free: number;
  total: number;
}

export function diskSpace(dir: string): DiskSpace {
  const s = fs.statfsSync(dir);
  return { free: s.bavail * s.bsize, total: s.blocks * s.bsize };
}

export interface RetentionRunnerDeps {
  db: Db;
  dataDir: string;
  /** Read at every run, so a config reload applies to the next pass. */
  settings: () => RetentionSettings;
  clock?: Clock;
  log?: Logger;
  disk?: (dir: string) => DiskSpace;
  /** Rows per database read while walking segments. @default 1000 */
  batchSize?: number;
  /** Candidates per pass; a bigger backlog takes more passes. @default 20000 */
  maxCandidates?: number;
  /** @default 5 */
  maxPasses?: number;
}

export interface RetentionRunResult {
  passes: number;
  segmentsDeleted: number;
  eventsDeleted: string[];
  clipLost: string[];
  freedBytes: number;
  reasons: Record<SegmentDeleteReason, number>;
  /** Files that could not be unlinked (left for reconciliation). */
  fileErrors: number;
  shortfall: RetentionPlan['shortfall'];
}

export class RetentionRunner {
  private readonly segments: SegmentRepository;
  private readonly repo: RetentionRepository;
  private readonly clock: Clock;
  private readonly disk: (dir: string) => DiskSpace;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: RetentionRunnerDeps) {
    this.segments = new SegmentRepository(deps.db);
    this.repo = new RetentionRepository(deps.db);
    this.clock = deps.clock ?? systemClock;
    this.disk = deps.disk ?? diskSpace;
  }

  /** Runs every `intervalMs` until close(); a failing pass is logged, never thrown. */
  start(intervalMs: number): void {
    this.close();
    this.timer = setInterval(() => {
      try {
        this.runOnce();
      } catch (e) {
        this.deps.log?.error({ err: e }, 'retention pass failed');
      }
    }, intervalMs);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  runOnce(): RetentionRunResult {
    const result: RetentionRunResult = {
      passes: 0,
      segmentsDeleted: 0,
      eventsDeleted: [],
      clipLost: [],
      freedBytes: 0,
      reasons: { age: 0, quota: 0, budget: 0, free_space: 0 },
      fileErrors: 0,
      shortfall: { budget: 0, freeSpace: 0, quota: {} },
    };
    const maxPasses = this.deps.maxPasses ?? 5;
    while (result.passes < maxPasses) {
      result.passes++;
      const { plan, truncated } = this.planPass();
      result.shortfall = plan.shortfall;
      if (plan.segments.length === 0 && plan.events.length === 0) break;
      this.apply(plan, result);
      // A capped walk may have left more past-age footage or unmet needs behind: go again.
      if (!truncated) break;
    }
    if (result.segmentsDeleted > 0 || result.eventsDeleted.length > 0) {
      this.deps.log?.info(
        { segments: result.segmentsDeleted, events: result.eventsDeleted.length, freedBytes: result.freedBytes, reasons: result.reasons },
        'retention deleted footage',
      );
    }
    return result;
  }

  /** One plan over a bounded candidate set; `truncated` when the cap cut the walk short. */
  private planPass(): { plan: RetentionPlan; truncated: boolean } {
    const now = this.clock.now() / 1000;
    const disk = this.disk(this.deps.dataDir);
    const policy = retentionPolicy(this.deps.settings(), disk.total);
    const capture = captureWindows(policy);
    const byCamera = this.segments.bytesByCamera();
    const usage = { totalBytes: Object.values(byCamera).reduce((n, b) => n + b, 0), byCamera, freeBytes: disk.free };
    const collector = new CandidateCollector(policy, candidateNeeds(policy, usage), now, this.deps.maxCandidates ?? 20000);
    const batch = this.deps.batchSize ?? 1000;
    let after: { start_time: number; id: number } | undefined;
    for (;;) {
      const rows: SegmentCandidate[] = this.segments.oldestSegments({ capture, limit: batch, after });
      for (const r of rows) {
        if (collector.satisfied(r.start_time) || collector.full) break;
        collector.offer(r);
      }
      const last = rows[rows.length - 1];
      if (rows.length < batch || !last || collector.full || collector.satisfied(last.start_time)) break;
      after = { start_time: last.start_time, id: last.id };
    }
    const cutoffs = { byCamera: {} as Record<string, number>, fallback: now - policy.fallback.eventsDays * DAY_S };
    for (const [c, p] of Object.entries(policy.cameras)) cutoffs.byCamera[c] = now - p.eventsDays * DAY_S;
    const events = new Map<string, EventInfo>();
    for (const e of this.repo.expiredEvents(cutoffs, this.deps.maxCandidates ?? 20000)) events.set(e.id, e);
    for (const e of this.repo.eventsNearSegments(collector.taken.map((s) => s.id), capture)) events.set(e.id, e);
    const plan = planRetention({
      now,
      policy,
      usage,
      segments: collector.taken.map((s) => ({ id: s.id, camera: s.camera, path: s.path, start: s.start_time, end: s.end_time, bytes: s.bytes, kind: s.kind })),
      events: [...events.values()],
    });
    return { plan, truncated: collector.full };
  }

  private apply(plan: RetentionPlan, result: RetentionRunResult): void {
    this.repo.applyRows(plan, this.clock.now() / 1000);
    const files = [...plan.segments.map((s) => s.path), ...plan.events.flatMap((e) => e.files)];
    for (const rel of files) {
      try {
        const abs = resolveMediaPath(this.deps.dataDir, rel);
        fs.rmSync(abs, { force: true });
        removeEmptyParents(this.deps.dataDir, path.dirname(abs));
      } catch (e) {
        result.fileErrors++;
        this.deps.log?.warn({ file: rel, err: errorMessage(e) }, 'retention could not delete a file');
      }
    }
    result.segmentsDeleted += plan.segments.length;
    for (const s of plan.segments) result.reasons[s.reason]++;
    result.eventsDeleted.push(...plan.events.map((e) => e.id));
    result.clipLost.push(...plan.clipLost);
    result.freedBytes += plan.freedBytes;
  }
}

/** Removes now-empty day and event folders, stopping below `recordings/` or `events/`. */
export function removeEmptyParents(dataDir: string, dir: string): void {
  const root = path.resolve(dataDir);
  let d = path.resolve(dir);
  // Keep the top two levels (recordings/<camera>, events/<camera>) so folders stay predictable.
  while (d.startsWith(root + path.sep) && path.relative(root, d).split(path.sep).length > 2) {
    try {
      fs.rmdirSync(d);
    } catch {
      return;
    }
    d = path.dirname(d);
  }
}

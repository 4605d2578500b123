// Chooses which segments the planner sees. Walking segments oldest first (with the database's
// event-overlap flags), it keeps those past their age and, per class (continuous, event), just
// enough of the oldest to cover what the budget, the free-space floor and each quota need. So the
// planner's "continuous before event, oldest first" over the candidates equals the global order.
import { DAY_S, policyFor, type RetentionPolicy } from './retention';
import type { SegmentCandidate } from './segment.repository';

export interface CandidateNeeds {
  /** Bytes the global budget or the free floor asks to free. */
  global: number;
  /** Bytes each camera is over its quota. */
  byCamera: Record<string, number>;
}

export function candidateNeeds(policy: RetentionPolicy, usage: { totalBytes: number; byCamera: Record<string, number>; freeBytes: number | null }): CandidateNeeds {
  const budget = policy.budgetBytes === null ? 0 : usage.totalBytes - policy.budgetBytes;
  const floor = usage.freeBytes === null ? 0 : policy.minFreeBytes - usage.freeBytes;
  const byCamera: Record<string, number> = {};
  for (const [c, used] of Object.entries(usage.byCamera)) {
    const q = policyFor(policy, c).quotaBytes;
    if (q !== null && used > q) byCamera[c] = used - q;
  }
  return { global: Math.max(0, budget, floor), byCamera };
}

type Cls = 'continuous' | 'event';

export class CandidateCollector {
  readonly taken: SegmentCandidate[] = [];
  private readonly acc = { continuous: 0, event: 0 };
  private readonly accCamera: Record<Cls, Record<string, number>> = { continuous: {}, event: {} };
  /** Segments starting at or after this are past no one's age limit. */
  private readonly ageHorizon: number;

  constructor(
    private readonly policy: RetentionPolicy,
    private readonly needs: CandidateNeeds,
    private readonly now: number,
    private readonly cap: number,
  ) {
    const all = [policy.fallback, ...Object.values(policy.cameras)];
    const shortestDays = Math.min(...all.map((p) => p.continuousDays));
    this.ageHorizon = Math.min(now - shortestDays * DAY_S, now - policy.minAgeSeconds);
  }

  get full(): boolean {
    return this.taken.length >= this.cap;
  }

  /** Offers the next segment in (start, id) order; pinned and too-young ones are never taken. */
  offer(s: SegmentCandidate): void {
    if (this.full || s.retained_overlap || s.end_time >= this.now - this.policy.minAgeSeconds) return;
    const cls: Cls = s.event_overlap || s.kind === 'event' ? 'event' : 'continuous';
    const p = policyFor(this.policy, s.camera);
    const days = cls === 'continuous' ? p.continuousDays : Math.max(p.continuousDays, p.eventsDays);
    if (s.end_time < this.now - days * DAY_S) {
      this.taken.push(s);
      return;
    }
    const byCam = this.accCamera[cls];
    if (this.acc[cls] < this.needs.global || (byCam[s.camera] ?? 0) < (this.needs.byCamera[s.camera] ?? 0)) {
      this.taken.push(s);
      this.acc[cls] += s.bytes;
      byCam[s.camera] = (byCam[s.camera] ?? 0) + s.bytes;
    }
  }

  /** True once later segments can add nothing: past every age limit and every need covered. */
  satisfied(nextStart: number): boolean {
    if (nextStart < this.ageHorizon) return false;
    for (const cls of ['continuous', 'event'] as const) {
      if (this.acc[cls] < this.needs.global) return false;
      for (const [c, need] of Object.entries(this.needs.byCamera)) if ((this.accCamera[cls][c] ?? 0) < need) return false;
    }
    return true;
  }
}

// The retention planner: pure. Given the time, candidate segments, the events near them and the
// policy, it decides what to delete and why. It only ever deletes what it is given; the runner
// chooses the candidates (oldest first per class) so local order equals global order.
export const DAY_S = 86400;

export interface SegmentInfo {
  id: number;
  camera: string;
  path: string;
  start: number;
  end: number;
  bytes: number;
  kind: 'continuous' | 'event';
}

export interface EventInfo {
  id: string;
  camera: string;
  start: number;
  /** Null while active: the event still needs everything after its start. */
  end: number | null;
  retain: boolean;
  hasClip: boolean;
  /** The event has its own clip file, so losing segments does not lose its clip. */
  ownClip: boolean;
  /** Its own media (clip, snapshot), relative to the data folder: deleted with the event. */
  files: string[];
}

export interface CameraRetention {
  continuousDays: number;
  eventsDays: number;
  /** Null = no per-camera quota. */
  quotaBytes: number | null;
  preCapture: number;
  postCapture: number;
}

export interface RetentionPolicy {
  cameras: Record<string, CameraRetention>;
  /** For cameras no longer configured. */
  fallback: CameraRetention;
  /** Global media budget; null = none. */
  budgetBytes: number | null;
  minFreeBytes: number;
  /** Footage younger than this is never deleted: the next event may need it as pre-capture. */
  minAgeSeconds: number;
}

export interface RetentionInput {
  /** Epoch seconds. */
  now: number;
  policy: RetentionPolicy;
  usage: { totalBytes: number; byCamera: Record<string, number>; freeBytes: number | null };
  segments: SegmentInfo[];
  events: EventInfo[];
}

export type SegmentDeleteReason = 'age' | 'quota' | 'budget' | 'free_space';

export interface RetentionPlan {
  segments: { id: number; camera: string; path: string; bytes: number; reason: SegmentDeleteReason }[];
  /** Events past their age: rows and own files go. */
  events: { id: string; camera: string; files: string[] }[];
  /** Surviving events whose footage is (partly) deleted: has_clip becomes false. */
  clipLost: string[];
  freedBytes: number;
  /** Bytes still over each limit after the plan (0 = met). */
  shortfall: { budget: number; freeSpace: number; quota: Record<string, number> };
}

export type SegmentClass = 'pinned' | 'event' | 'continuous';

export function policyFor(policy: RetentionPolicy, camera: string): CameraRetention {
  return policy.cameras[camera] ?? policy.fallback;
}

/** Half-open overlap of [a0, a1) and [b0, b1). */
export function overlaps(a0: number, a1: number, b0: number, b1: number): boolean {
  return a0 < b1 && b0 < a1;
}

/** The footage an event needs: [start - pre, end + post), open-ended while active. */
export function eventWindow(e: EventInfo, p: CameraRetention): [number, number] {
  return [e.start - p.preCapture, e.end === null ? Infinity : e.end + p.postCapture];
}

export function isExpired(e: EventInfo, p: CameraRetention, now: number): boolean {
  return e.end !== null && !e.retain && e.end < now - p.eventsDays * DAY_S;
}

/** Pinned if a retained event needs it, event footage if any event does (or it was marked so). */
export function classify(s: SegmentInfo, events: readonly EventInfo[], policy: RetentionPolicy): SegmentClass {
  return new EventIndex(events).classify(s, policyFor(policy, s.camera));
}

/**
 * Events of each camera sorted by start, so finding the events near a segment is a binary search
 * bounded by the longest closed event, not a scan of every event per segment.
 */
export class EventIndex {
  private readonly closed = new Map<string, EventInfo[]>();
  private readonly open = new Map<string, EventInfo[]>();
  private maxSpan = 0;

  constructor(events: readonly EventInfo[]) {
    for (const e of events) {
      const m = e.end === null ? this.open : this.closed;
      const list = m.get(e.camera) ?? [];
      list.push(e);
      m.set(e.camera, list);
      if (e.end !== null) this.maxSpan = Math.max(this.maxSpan, e.end - e.start);
    }
    for (const list of this.closed.values()) list.sort((a, b) => a.start - b.start);
  }

  /** Events whose interval widened to [start - pre, end + post) overlaps [t0, t1). */
  near(camera: string, t0: number, t1: number, pre: number, post: number): EventInfo[] {
    const out: EventInfo[] = [];
    for (const e of this.open.get(camera) ?? []) if (e.start - pre < t1) out.push(e);
    const list = this.closed.get(camera) ?? [];
    const lowest = t0 - post - this.maxSpan;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as EventInfo).start <= lowest) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < list.length; i++) {
      const e = list[i] as EventInfo;
      if (e.start - pre >= t1) break;
      if (overlaps(t0, t1, e.start - pre, (e.end as number) + post)) out.push(e);
    }
    return out;
  }

  classify(s: SegmentInfo, p: CameraRetention): SegmentClass {
    const near = this.near(s.camera, s.start, s.end, p.preCapture, p.postCapture);
    if (near.some((e) => e.retain)) return 'pinned';
    return near.length > 0 || s.kind === 'event' ? 'event' : 'continuous';
  }
}

const rank: Record<SegmentClass, number> = { continuous: 0, event: 1, pinned: 2 };

export function planRetention(input: RetentionInput): RetentionPlan {
  const { now, policy, usage } = input;
  const expired = input.events.filter((e) => isExpired(e, policyFor(policy, e.camera), now));
  const expiredIds = new Set(expired.map((e) => e.id));
  const living = new EventIndex(input.events.filter((e) => !expiredIds.has(e.id)));

  const cls = new Map<number, SegmentClass>();
  for (const s of input.segments) cls.set(s.id, living.classify(s, policyFor(policy, s.camera)));
  const order = (a: SegmentInfo, b: SegmentInfo) =>
    rank[cls.get(a.id) as SegmentClass] - rank[cls.get(b.id) as SegmentClass] || a.start - b.start || a.id - b.id;

  const plan: RetentionPlan = { segments: [], events: [], clipLost: [], freedBytes: 0, shortfall: { budget: 0, freeSpace: 0, quota: {} } };
  const freedByCamera: Record<string, number> = {};
  const taken = new Set<number>();
  const take = (s: SegmentInfo, reason: SegmentDeleteReason) => {
    taken.add(s.id);
    plan.segments.push({ id: s.id, camera: s.camera, path: s.path, bytes: s.bytes, reason });
    plan.freedBytes += s.bytes;
    freedByCamera[s.camera] = (freedByCamera[s.camera] ?? 0) + s.bytes;
  };
  const youngest = now - policy.minAgeSeconds;
  const deletable = input.segments.filter((s) => cls.get(s.id) !== 'pinned' && s.end < youngest).sort(order);

  // 1. Age: footage no event needs after continuous days; event footage after the longer of both.
  for (const s of deletable) {
    const p = policyFor(policy, s.camera);
    const days = cls.get(s.id) === 'continuous' ? p.continuousDays : Math.max(p.continuousDays, p.eventsDays);
    if (s.end < now - days * DAY_S) take(s, 'age');
  }

  // 2. Per-camera quotas: that camera's footage first, continuous before event, oldest first.
  const quotaOver = (c: string) => {
    const q = policyFor(policy, c).quotaBytes;
    return q === null ? 0 : Math.max(0, (usage.byCamera[c] ?? 0) - (freedByCamera[c] ?? 0) - q);
  };
  for (const s of deletable) if (!taken.has(s.id) && quotaOver(s.camera) > 0) take(s, 'quota');

  // 3. Global budget and free-space floor, across cameras.
  const overBudget = () => (policy.budgetBytes === null ? 0 : Math.max(0, usage.totalBytes - plan.freedBytes - policy.budgetBytes));
  const underFloor = () => (usage.freeBytes === null ? 0 : Math.max(0, policy.minFreeBytes - usage.freeBytes - plan.freedBytes));
  for (const s of deletable) {
    if (taken.has(s.id)) continue;
    if (overBudget() > 0) take(s, 'budget');
    else if (underFloor() > 0) take(s, 'free_space');
    else break;
  }

  plan.events = expired.sort((a, b) => (a.end as number) - (b.end as number)).map((e) => ({ id: e.id, camera: e.camera, files: e.files }));
  plan.clipLost = clipsLost(plan.segments, input.segments, living);
  plan.shortfall.budget = overBudget();
  plan.shortfall.freeSpace = underFloor();
  for (const c of Object.keys(usage.byCamera).sort()) {
    const over = quotaOver(c);
    if (over > 0) plan.shortfall.quota[c] = over;
  }
  return plan;
}

/** Surviving events that relied on segment footage (no clip file of their own) which is going. */
function clipsLost(deleted: RetentionPlan['segments'], segments: readonly SegmentInfo[], living: EventIndex): string[] {
  const byId = new Map(segments.map((s) => [s.id, s]));
  const lost = new Set<string>();
  for (const d of deleted) {
    const s = byId.get(d.id) as SegmentInfo;
    // The event itself, not its pre/post capture: losing only the margins keeps the clip.
    for (const e of living.near(s.camera, s.start, s.end, 0, 0)) if (e.hasClip && !e.ownClip) lost.add(e.id);
  }
  return [...lost].sort();
}

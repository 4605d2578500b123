// Pure event lifecycle: from the tracker's per-frame changes to event messages (new on
// confirmation, update on a better snapshot / zone entered / score rise / stationary change, end
// when the object is gone, stationary too long or the event too long). No I/O, no clock of its own.
import type { EventMessage, EventSnapshotData, TrackedObject } from '../contracts/domain';
import { boxArea, touchesEdge } from '../geometry/box';

export interface EventReducerOptions {
  camera: string;
  frameWidth: number;
  frameHeight: number;
  /** End an event whose object has been stationary this long (0 = never). */
  maxStationaryS: number;
  /** End an event this long after it started (0 = never). */
  maxEventS: number;
}

/** The tracker's output for one frame (see track/tracker.ts TrackerUpdate). */
export interface TrackerChanges {
  objects: TrackedObject[];
  confirmed: TrackedObject[];
  updated: TrackedObject[];
  removed: TrackedObject[];
}

export interface SnapshotRequest {
  eventId: string;
  object: TrackedObject;
}

export interface ReducerOutput {
  messages: EventMessage[];
  /** This frame holds a better snapshot of these events than any before. */
  snapshots: SnapshotRequest[];
  /** Events in progress and the time (epoch s) their object was last seen: the evidence a crash
   * recovery ends them at. */
  seen: Array<{ id: string; lastSeen: number }>;
}

/** Top score must rise this much to be worth an update message. */
const SCORE_STEP = 0.02;
/** A new snapshot must beat the best score×area by this factor. */
const SNAPSHOT_GAIN = 1.1;

interface Candidate {
  quality: number;
  edge: boolean;
}

interface ActiveEvent {
  sent: EventSnapshotData;
  best: Candidate | null;
  hasSnapshot: boolean;
  hasClip: boolean;
  stationarySince: number | null;
  /** Epoch ms the object was last detected. */
  lastSeen: number;
}

export class EventReducer {
  private readonly active = new Map<string, ActiveEvent>();
  /** Objects whose event ended while they are still tracked: no second event for them. */
  private readonly suppressed = new Set<string>();

  constructor(private readonly opts: EventReducerOptions) {}

  /** Ids of events in progress. */
  activeIds(): string[] {
    return [...this.active.keys()];
  }

  reduce(changes: TrackerChanges, frameTime: number): ReducerOutput {
    const out: ReducerOutput = { messages: [], snapshots: [], seen: [] };
    const removed = new Set(changes.removed.map((o) => o.id));

    for (const obj of changes.confirmed) {
      if (this.active.has(obj.id) || this.suppressed.has(obj.id)) continue;
      const data = this.toData(obj, null, false, false);
      const ev: ActiveEvent = { sent: data, best: null, hasSnapshot: false, hasClip: false, stationarySince: obj.stationary ? frameTime : null, lastSeen: obj.last_seen };
      this.active.set(obj.id, ev);
      out.messages.push({ type: 'new', before: data, after: data });
      this.considerSnapshot(ev, obj, out);
    }

    const live = new Map(changes.objects.map((o) => [o.id, o]));
    for (const [id, ev] of this.active) {
      const obj = live.get(id);
      if (removed.has(id) || !obj) {
        const last = changes.removed.find((o) => o.id === id) ?? null;
        this.end(id, ev, last, last ? last.last_seen : frameTime, out);
        continue;
      }
      ev.lastSeen = Math.max(ev.lastSeen, obj.last_seen);
      if (obj.stationary) ev.stationarySince ??= frameTime;
      else ev.stationarySince = null;
      const stationaryTooLong = this.opts.maxStationaryS > 0 && ev.stationarySince !== null && frameTime - ev.stationarySince >= this.opts.maxStationaryS * 1000;
      const tooLong = this.opts.maxEventS > 0 && frameTime - obj.start_time >= this.opts.maxEventS * 1000;
      if (stationaryTooLong || tooLong) {
        this.end(id, ev, obj, frameTime, out);
        this.suppressed.add(id);
        continue;
      }
      this.considerSnapshot(ev, obj, out);
      const next = this.toData(obj, ev.sent, ev.hasSnapshot, ev.hasClip);
      if (this.worthUpdate(ev.sent, next)) {
        out.messages.push({ type: 'update', before: ev.sent, after: next });
        ev.sent = next;
      }
    }
    for (const [id, ev] of this.active) out.seen.push({ id, lastSeen: ev.lastSeen / 1000 });
    for (const id of removed) this.suppressed.delete(id);
    // Forget suppressed objects the tracker no longer knows.
    for (const id of this.suppressed) if (!live.has(id)) this.suppressed.delete(id);
    return out;
  }

  /** The service stored a (better) snapshot: returns the update message that announces it. */
  markSnapshot(id: string): EventMessage | null {
    const ev = this.active.get(id);
    if (!ev) return null;
    ev.hasSnapshot = true;
    const after = { ...ev.sent, has_snapshot: true };
    const msg: EventMessage = { type: 'update', before: ev.sent, after };
    ev.sent = after;
    return msg;
  }

  /** Clip footage exists for an event in progress (its later messages say has_clip). */
  markClip(id: string): void {
    const ev = this.active.get(id);
    if (ev) ev.hasClip = true;
  }

  /** Ends every event in progress (shutdown, end of a replay) at its last evidence. */
  flush(frameTime: number): EventMessage[] {
    const out: ReducerOutput = { messages: [], snapshots: [], seen: [] };
    for (const [id, ev] of this.active) this.end(id, ev, null, Math.min(frameTime, ev.lastSeen), out);
    return out.messages;
  }

  private end(id: string, ev: ActiveEvent, obj: TrackedObject | null, endTimeMs: number, out: ReducerOutput): void {
    const base = obj ? this.toData(obj, ev.sent, ev.hasSnapshot, ev.hasClip) : { ...ev.sent };
    const after: EventSnapshotData = { ...base, end_time: Math.max(endTimeMs, ev.sent.start_time * 1000) / 1000 };
    out.messages.push({ type: 'end', before: ev.sent, after });
    this.active.delete(id);
  }

  /** Best snapshot: score × area, and a box that does not touch the frame edge wins over one that does. */
  private considerSnapshot(ev: ActiveEvent, obj: TrackedObject, out: ReducerOutput): boolean {
    const cand: Candidate = { quality: obj.score * boxArea(obj.box), edge: touchesEdge(obj.box, this.opts.frameWidth, this.opts.frameHeight) };
    const best = ev.best;
    const better = best === null || (best.edge && !cand.edge) || (cand.edge === best.edge && cand.quality > best.quality * SNAPSHOT_GAIN);
    if (!better) return false;
    ev.best = cand;
    out.snapshots.push({ eventId: obj.id, object: obj });
    return true;
  }

  private worthUpdate(prev: EventSnapshotData, next: EventSnapshotData): boolean {
    if (next.entered_zones.length !== prev.entered_zones.length) return true;
    if (next.current_zones.join() !== prev.current_zones.join()) return true;
    if (next.top_score >= prev.top_score + SCORE_STEP) return true;
    if (next.stationary !== prev.stationary) return true;
    if (next.has_snapshot !== prev.has_snapshot || next.has_clip !== prev.has_clip) return true;
    return false;
  }

  private toData(o: TrackedObject, prev: EventSnapshotData | null, hasSnapshot: boolean, hasClip: boolean): EventSnapshotData {
    return {
      id: o.id,
      camera: this.opts.camera,
      frame_time: o.frame_time / 1000,
      label: o.label,
      sub_label: prev?.sub_label ?? null,
      score: o.score,
      top_score: Math.max(o.top_score, prev?.top_score ?? 0),
      box: o.box,
      area: o.area,
      ratio: o.ratio,
      region: o.region,
      current_zones: o.current_zones,
      entered_zones: o.entered_zones,
      stationary: o.stationary,
      has_snapshot: hasSnapshot,
      has_clip: hasClip,
      start_time: o.start_time / 1000,
      end_time: null,
    };
  }
}

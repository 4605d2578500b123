// The event service: applies the reducer's decisions to the store and the media folder, announces
// them on the bus, keeps best snapshots and has clips made once footage is recorded. Manual events
// (API) go through the same service. With no store (replay without --data) it only announces.
import fs from 'node:fs';
import path from 'node:path';
import type { CameraConfig } from '../config/schema';
import type { BestSnapshot, VigilBusEvents } from '../contracts/bus-events';
import type { Box, EventMessage, EventSnapshotData, TrackedObject } from '../contracts/domain';
import type { FramePixels } from '../contracts/worker-protocol';
import type { Clock } from '../lib/clock';
import { AppError } from '../lib/errors';
import type { EventBus } from '../lib/event-bus';
import type { Logger } from '../lib/logger';
import { eventMediaPath, resolveMediaPath } from '../lib/media-paths';
import { newEventId } from './event-id';
import { EventReducer, type TrackerChanges } from './event-reducer';
import type { EventStore } from './ports';
import { cleanSnapshot, thumbnail } from './snapshot';

/** Makes an event's clip once its footage is recorded. */
export interface ClipFinalizer {
  /** Resolves the stored clip's relative path, or null when no footage covers the event. */
  finalize(camera: string, eventId: string, from: number, to: number): Promise<string | null>;
}

export interface EventServiceDeps {
  store: EventStore | null;
  dataDir: string | null;
  bus: EventBus<VigilBusEvents>;
  log: Logger;
  clock: Clock;
  clips: ClipFinalizer | null;
  /** Latest frame of a camera (manual events take their snapshot from it). */
  latestFrame?: (camera: string) => Promise<{ time: number; pixels: FramePixels } | null>;
  maxStationaryS: number;
  maxEventS: number;
}

interface CameraSlot {
  cam: CameraConfig;
  width: number;
  height: number;
  reducer: EventReducer;
}

/** How often the last evidence of an event in progress is written to the store (seconds). */
const EVIDENCE_WRITE_S = 2;

export class EventService {
  private readonly cameras = new Map<string, CameraSlot>();
  /** Every camera's config, known before its first frame (clips of earlier events need it). */
  private readonly configs = new Map<string, CameraConfig>();
  /** Snapshot writes per camera, in order: an older frame never overwrites a better one, and
   * the announcements come out in the same order every run (replays repeat exactly). */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly manualTimers = new Map<string, NodeJS.Timeout>();
  private readonly pending = new Set<Promise<unknown>>();
  /** Last evidence time written per event in progress. */
  private readonly evidence = new Map<string, number>();
  /** Every message announced (replay reports them). */
  readonly history: EventMessage[] = [];
  keepHistory = false;

  constructor(private readonly deps: EventServiceDeps) {}

  setClipFinalizer(clips: ClipFinalizer): void {
    this.deps.clips = clips;
  }

  /** Events that ended without a clip (a crash before their clip was made): make them now. */
  finalizeRecent(rows: ReadonlyArray<{ id: string; camera: string; start_time: number; end_time: number | null; has_clip: boolean }>): void {
    for (const r of rows) {
      const cam = this.configs.get(r.camera);
      if (cam && r.end_time !== null && !r.has_clip) this.scheduleClip(cam, r.id, r.start_time, r.end_time);
    }
  }

  /** Where manual events take their snapshot from (set once the cameras exist). */
  setFrameSource(fn: NonNullable<EventServiceDeps['latestFrame']>): void {
    this.deps.latestFrame = fn;
  }

  registerCamera(cam: CameraConfig): void {
    this.configs.set(cam.name, cam);
  }

  attachCamera(cam: CameraConfig, width: number, height: number): void {
    this.configs.set(cam.name, cam);
    this.cameras.set(cam.name, {
      cam,
      width,
      height,
      reducer: new EventReducer({ camera: cam.name, frameWidth: width, frameHeight: height, maxStationaryS: this.deps.maxStationaryS, maxEventS: this.deps.maxEventS }),
    });
  }

  /** One tracker update of a camera; `pixels` is that frame (for snapshots), when the pipeline has it. */
  onTracked(camera: string, changes: TrackerChanges, frameTime: number, pixels: FramePixels | null): void {
    const slot = this.cameras.get(camera);
    if (!slot) return;
    const out = slot.reducer.reduce(changes, frameTime);
    for (const m of out.messages) this.apply(slot, m);
    this.persistEvidence(out.seen);
    if (pixels && slot.cam.snapshots.enabled) {
      for (const s of out.snapshots) this.queueSnapshot(slot, s.object, pixels);
    }
  }

  /** Ends every event in progress of a camera (or all cameras): shutdown, end of replay. */
  flush(frameTime: number, camera?: string): void {
    for (const slot of this.cameras.values()) {
      if (camera && slot.cam.name !== camera) continue;
      for (const m of slot.reducer.flush(frameTime)) this.apply(slot, m);
    }
  }

  /** Waits for snapshot writes and clip finalisation started so far. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  // --- manual events ---------------------------------------------------------------------------

  async createManual(camera: string, label: string, opts: { duration: number | null; score: number; subLabel: string | null }): Promise<string> {
    const slot = this.cameras.get(camera);
    if (!slot) throw new AppError('not_found', `unknown camera: ${camera}`);
    if (!this.deps.store) throw new AppError('unavailable', 'events are not stored');
    const now = this.deps.clock.now() / 1000;
    const id = newEventId(now);
    const box: Box = [0, 0, slot.width, slot.height];
    const data: EventSnapshotData = {
      id, camera, frame_time: now, label, sub_label: opts.subLabel, score: opts.score, top_score: opts.score, box,
      area: slot.width * slot.height, ratio: slot.width / Math.max(1, slot.height), region: null, current_zones: [], entered_zones: [],
      stationary: false, has_snapshot: false, has_clip: false, start_time: now, end_time: null,
    };
    this.deps.store.insert({
      id, camera, label, sub_label: opts.subLabel, score: opts.score, top_score: opts.score, start_time: now, zones: [], box,
      detect_width: slot.width, detect_height: slot.height, last_seen: now, manual: true, data: { type: 'manual' },
    });
    this.announce({ type: 'new', before: data, after: data });
    const frame = await this.deps.latestFrame?.(camera);
    if (frame && slot.cam.snapshots.enabled) await this.writeSnapshot(slot, id, label, box, opts.score, frame.pixels, now, null);
    if (opts.duration !== null) {
      const t = setTimeout(() => void this.endManual(id).catch(() => undefined), opts.duration * 1000);
      t.unref?.();
      this.manualTimers.set(id, t);
    }
    return id;
  }

  /** Ends an event now (manual events; also ends a tracked event early). */
  async endManual(id: string): Promise<void> {
    const store = this.deps.store;
    if (!store) throw new AppError('unavailable', 'events are not stored');
    const ev = store.get(id);
    if (!ev) throw new AppError('not_found', `no event ${id}`);
    if (ev.end_time !== null) throw new AppError('conflict', `event ${id} has already ended`);
    clearTimeout(this.manualTimers.get(id));
    this.manualTimers.delete(id);
    const end = this.deps.clock.now() / 1000;
    store.end(id, end);
    const cam = this.configs.get(ev.camera);
    const before = this.rowToData(ev);
    this.announce({ type: 'end', before, after: { ...before, end_time: end } });
    if (cam) this.scheduleClip(cam, id, ev.start_time, end);
  }

  close(): void {
    for (const t of this.manualTimers.values()) clearTimeout(t);
    this.manualTimers.clear();
  }

  // --- internals -------------------------------------------------------------------------------

  private apply(slot: CameraSlot, m: EventMessage): void {
    const store = this.deps.store;
    const a = m.after;
    if (store) {
      try {
        if (m.type === 'new') {
          store.insert({
            id: a.id, camera: a.camera, label: a.label, sub_label: a.sub_label, score: a.score, top_score: a.top_score,
            start_time: a.start_time, zones: a.entered_zones, box: a.box, region: a.region, detect_width: slot.width,
            detect_height: slot.height, last_seen: a.frame_time, data: { type: 'object' },
          });
        } else if (m.type === 'update') {
          store.update(a.id, { score: a.score, top_score: a.top_score, zones: a.entered_zones, box: a.box, region: a.region });
        } else if (a.end_time !== null) {
          store.update(a.id, { score: a.score, top_score: a.top_score, zones: a.entered_zones, box: a.box, region: a.region, last_seen: a.end_time });
          store.end(a.id, a.end_time);
          this.evidence.delete(a.id);
        }
      } catch (e) {
        this.deps.log.error({ err: e, event: a.id }, 'storing an event failed');
      }
    }
    this.announce(m);
    if (m.type === 'end' && a.end_time !== null) this.scheduleClip(slot.cam, a.id, a.start_time, a.end_time);
  }

  /** Last evidence of events in progress, written every few seconds so that after a crash they
   * end where the object was last seen, not where the last message happened to be. */
  private persistEvidence(seen: Array<{ id: string; lastSeen: number }>): void {
    const store = this.deps.store;
    if (!store) return;
    for (const { id, lastSeen } of seen) {
      const written = this.evidence.get(id) ?? 0;
      if (lastSeen - written < EVIDENCE_WRITE_S) continue;
      this.evidence.set(id, lastSeen);
      try {
        store.update(id, { last_seen: lastSeen });
      } catch (e) {
        this.deps.log.warn({ err: e, event: id }, 'cannot record event evidence');
      }
    }
  }

  private announce(m: EventMessage): void {
    if (this.keepHistory) this.history.push(m);
    this.deps.bus.emit('event', m);
  }

  private queueSnapshot(slot: CameraSlot, obj: TrackedObject, pixels: FramePixels): void {
    const key = slot.cam.name;
    const prev = this.chains.get(key) ?? Promise.resolve();
    const next = prev.then(() => this.writeSnapshot(slot, obj.id, obj.label, obj.box, obj.score, pixels, obj.frame_time / 1000, obj));
    const done = next.catch((e: unknown) => this.deps.log.warn({ err: e, event: obj.id }, 'snapshot failed')).finally(() => {
      if (this.chains.get(key) === done) this.chains.delete(key);
      this.pending.delete(done);
    });
    this.chains.set(key, done);
    this.pending.add(done);
  }

  /** Waits for the snapshot writes of one camera queued so far. */
  async snapshotsDone(camera: string): Promise<void> {
    await this.chains.get(camera);
  }

  private async writeSnapshot(slot: CameraSlot, id: string, label: string, box: Box, score: number, pixels: FramePixels, frameTime: number, _obj: TrackedObject | null): Promise<void> {
    const jpeg = await cleanSnapshot(pixels, slot.cam.snapshots.quality);
    const store = this.deps.store;
    const dataDir = this.deps.dataDir;
    if (store && dataDir) {
      const thumb = await thumbnail(pixels, box, slot.cam.snapshots.thumbnail_height);
      const rel = eventMediaPath(slot.cam.name, id, 'snapshot.jpg');
      const abs = resolveMediaPath(dataDir, rel);
      await fs.promises.mkdir(path.dirname(abs), { recursive: true, mode: 0o700 });
      const tmp = `${abs}.tmp`;
      await fs.promises.writeFile(tmp, jpeg, { mode: 0o600 });
      await fs.promises.rename(tmp, abs);
      const row = store.get(id);
      if (!row) {
        await fs.promises.rm(path.dirname(abs), { recursive: true, force: true });
        return;
      }
      store.update(id, { has_snapshot: true, snapshot_path: rel, thumbnail: thumb, data: { ...row.data, snapshot: { box, score, frame_time: frameTime } } });
    }
    const msg = slot.reducer.markSnapshot(id);
    if (msg) this.announce(msg);
    const snap: BestSnapshot = { camera: slot.cam.name, label, eventId: id, jpeg, time: frameTime };
    this.deps.bus.emit('event.snapshot', snap);
  }

  private scheduleClip(cam: CameraConfig, id: string, start: number, end: number): void {
    const clips = this.deps.clips;
    if (!clips || !this.deps.store || !cam.record.enabled) return;
    const from = start - cam.record.pre_capture;
    const to = end + cam.record.post_capture;
    const job = clips
      .finalize(cam.name, id, from, to)
      .then(async (clipPath) => {
        if (!clipPath) return;
        // The event may have been deleted (retention, the API) while its clip was being made.
        if (this.deps.store?.update(id, { has_clip: true, clip_path: clipPath })) return;
        if (this.deps.dataDir) await fs.promises.rm(path.dirname(resolveMediaPath(this.deps.dataDir, clipPath)), { recursive: true, force: true });
      })
      .catch((e: unknown) => this.deps.log.warn({ err: e, event: id }, 'clip failed'))
      .finally(() => this.pending.delete(job));
    this.pending.add(job);
  }

  private rowToData(ev: NonNullable<ReturnType<EventStore['get']>>): EventSnapshotData {
    return {
      id: ev.id, camera: ev.camera, frame_time: ev.last_seen, label: ev.label, sub_label: ev.sub_label, score: ev.score, top_score: ev.top_score,
      box: ev.box, area: (ev.box[2] - ev.box[0]) * (ev.box[3] - ev.box[1]), ratio: (ev.box[2] - ev.box[0]) / Math.max(1, ev.box[3] - ev.box[1]),
      region: ev.region, current_zones: [], entered_zones: ev.zones, stationary: false, has_snapshot: ev.has_snapshot, has_clip: ev.has_clip,
      start_time: ev.start_time, end_time: ev.end_time,
    };
  }
}

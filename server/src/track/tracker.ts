// The object tracker: turns each frame's filtered detections into stable tracked objects with ids,
// confirmation, stationary state and zones, and reports what changed for the event layer.
import type { Box, Detection, TrackedObject } from '../contracts/domain';
import type { TrackedHint } from '../contracts/worker-protocol';
import type { DetectConfig, ObjectsConfig, ZoneConfig } from '../config/schema';
import { clampBox, coverage } from '../geometry/box';
import { AppError } from '../lib/errors';
import { filterFor } from './filters';
import { DEFAULT_MATCH_OPTIONS, matchByLabel, type MatchOptions, type TrackCandidate } from './matching';
import { randomTrackId, type IdFactory } from './track-id';
import { TrackState } from './track-state';
import { compileZones, type CompiledZone } from './zones';

export interface TrackerOptions {
  camera: string;
  detect: DetectConfig;
  objects: ObjectsConfig;
  zones: Record<string, ZoneConfig>;
  /** Detect-frame size: boxes, zones and regions are in its pixels. */
  frameWidth: number;
  frameHeight: number;
  idFactory?: IdFactory;
  match?: MatchOptions;
}

export interface TrackerUpdate {
  /** Every live track, confirmed or not. */
  objects: TrackedObject[];
  /** Tracks that became confirmed on this frame. */
  confirmed: TrackedObject[];
  /** Confirmed tracks whose box, score, zones or stationary state changed on this frame. */
  updated: TrackedObject[];
  /** Confirmed tracks that ended on this frame (their last state). */
  removed: TrackedObject[];
}

/** A miss counts only when this share of the predicted box lay inside a region the detector saw. */
export const COVERED_SHARE = 0.5;
/** A prediction with less than this share inside the frame has left the view: it counts as missed. */
export const IN_FRAME_SHARE = 0.5;

/** Farthest a missing track's centre fallback reaches, in box diagonals. */
export const MISSING_REACH_MAX = 2;

export class Tracker {
  private tracks: TrackState[] = [];
  private frameIndex = 0;
  private lastTime: number | null = null;
  private readonly zones: CompiledZone[];
  private readonly newId: IdFactory;
  private readonly match: MatchOptions;
  private readonly frame: Box;

  constructor(private readonly opts: TrackerOptions) {
    const { frameWidth: w, frameHeight: h } = opts;
    if (!(Number.isFinite(w) && Number.isFinite(h) && w > 0 && h > 0)) {
      throw new AppError('bad_request', `tracker frame size must be positive, got ${w}x${h}`);
    }
    this.zones = compileZones(opts.zones, w, h);
    this.newId = opts.idFactory ?? randomTrackId;
    this.match = opts.match ?? DEFAULT_MATCH_OPTIONS;
    this.frame = [0, 0, w, h];
  }

  /**
   * One processed frame. `detections` are already filtered; `coveredRegions` are the regions the
   * detector looked at on this frame (empty when it did not run): only objects predicted inside
   * them can be missed. Frame times are epoch ms; a time earlier than the last (a wall-clock step
   * back) is held at the last one rather than rejected.
   */
  update(frameTime: number, detections: Detection[], coveredRegions: Box[]): TrackerUpdate {
    if (!Number.isFinite(frameTime)) throw new AppError('bad_request', `frame time must be a finite epoch ms, got ${frameTime}`);
    const time = this.lastTime === null ? frameTime : Math.max(frameTime, this.lastTime);
    this.lastTime = time;
    const frame = ++this.frameIndex;
    const dets = detections.filter((d) => typeof d.label === 'string' && Number.isFinite(d.score) && d.box.every(Number.isFinite) && d.box[2] > d.box[0] && d.box[3] > d.box[1]);
    const before = new Map(this.tracks.filter((t) => t.confirmed).map((t) => [t, signature(t)] as const));

    const raw = this.tracks.map((t) => {
      const p = t.kalman.predict(time);
      // A stationary object does not drift on a leftover velocity while nobody looks at it.
      const unclamped: Box = t.stationary.stationary ? [...t.box] : p;
      t.predicted = clampBox(unclamped, this.opts.frameWidth, this.opts.frameHeight);
      return unclamped;
    });
    const m = matchByLabel(this.tracks.map((t) => this.candidate(t, time)), dets, this.match);

    const seen = new Set<TrackState>();
    for (const [ti, di] of m.matches) {
      const t = this.tracks[ti] as TrackState;
      const d = dets[di] as Detection;
      t.hit(d, time, regionOf(d.box, coveredRegions), frame);
      this.observeZones(t, d);
      seen.add(t);
    }

    const ended = new Set<TrackState>();
    const removed: TrackedObject[] = [];
    for (const ti of m.unmatchedTracks) {
      const t = this.tracks[ti] as TrackState;
      const left = coverage(raw[ti] as Box, this.frame) < IN_FRAME_SHARE;
      if (!left && !coveredRegions.some((r) => coverage(t.predicted, r) >= COVERED_SHARE)) continue; // nobody looked: kept as is
      t.miss(time, frame);
      if (!t.confirmed) {
        ended.add(t); // an unconfirmed track that misses was likely a false positive: dropped quietly
      } else if (time - (t.missingSince as number) >= this.opts.detect.max_disappeared_s * 1000) {
        ended.add(t);
        t.frameTime = time;
        removed.push(t.toObject());
      }
    }
    this.tracks = this.tracks.filter((t) => !ended.has(t));

    for (const di of m.unmatchedDetections) {
      const d = dets[di] as Detection;
      const t = new TrackState(this.newId(time), this.opts.camera, d.label, time, d, regionOf(d.box, coveredRegions), frame, this.opts.detect.stationary_frames);
      this.observeZones(t, d);
      this.tracks.push(t);
      seen.add(t);
    }

    const confirmed: TrackedObject[] = [];
    const updated: TrackedObject[] = [];
    for (const t of this.tracks) {
      t.frameTime = time;
      if (!t.confirmed && seen.has(t) && t.streak >= this.opts.detect.min_hits && t.medianScore >= filterFor(t.label, this.opts.objects.filters).threshold) {
        t.confirmed = true;
        confirmed.push(t.toObject());
      } else if (t.confirmed && before.get(t) !== signature(t)) {
        updated.push(t.toObject());
      }
    }
    return { objects: this.tracks.map((t) => t.toObject()), confirmed, updated, removed };
  }

  /**
   * What the capture process should cover on the next frame: every live track, with stationary
   * ones included only when due for a re-check (every `stationary_interval` frames).
   */
  hints(): TrackedHint[] {
    const interval = this.opts.detect.stationary_interval;
    return this.tracks.map((t) => ({
      box: [...t.predicted],
      include: !t.stationary.stationary || this.frameIndex + 1 - t.lastLook >= interval,
    }));
  }

  /** Ends every track (detection turned off, camera stopping); returns the confirmed ones. */
  clear(): TrackedObject[] {
    const out = this.tracks.filter((t) => t.confirmed).map((t) => t.toObject());
    this.tracks = [];
    return out;
  }

  /**
   * A track that is missing (occluded by a post or a sign, or missed by the detector) may be found
   * again near where it was last seen as well as where its motion model puts it, within a reach
   * that grows with the time it has been gone (people slow down and stop behind things).
   */
  private candidate(t: TrackState, time: number): TrackCandidate {
    if (t.missingSince === null) return { label: t.label, box: t.predicted };
    const goneS = Math.max(0, (time - t.missingSince) / 1000);
    const reach = Math.min(MISSING_REACH_MAX, this.match.maxCenterDistance * (1 + goneS));
    return { label: t.label, box: t.predicted, lastSeen: t.box, maxCenterDistance: reach };
  }

  private observeZones(t: TrackState, d: Detection): void {
    t.zones.observe({ label: t.label, box: d.box, score: d.score, medianScore: t.medianScore }, this.zones, this.opts.frameWidth, this.opts.frameHeight);
  }
}

/** The region a detection came from: the covered region holding most of it. */
function regionOf(box: Box, regions: Box[]): Box | null {
  let best: Box | null = null;
  let bestShare = 0;
  for (const r of regions) {
    const share = coverage(box, r);
    if (share > bestShare) {
      best = r;
      bestShare = share;
    }
  }
  return best ? [...best] : null;
}

/** What `updated` compares: box, score, zones and stationary state. */
function signature(t: TrackState): string {
  return JSON.stringify([t.box, t.score, t.zones.current, t.zones.entered, t.stationary.stationary]);
}

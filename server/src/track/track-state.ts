// The state of one tracked object between frames: motion model, scores, confirmation, misses,
// stationary and zone state. The tracker decides what happens; this holds and reports it.
import type { Box, Detection, TrackedObject } from '../contracts/domain';
import { BoxKalman } from './kalman';
import { StationaryState } from './stationary';
import { ZonePresence } from './zones';

/** Scores kept for the median that confirms a track and smooths `top_score`. */
export const SCORE_HISTORY = 10;

export class TrackState {
  readonly kalman: BoxKalman;
  readonly stationary: StationaryState;
  readonly zones = new ZonePresence();
  /** Last measured box (what is reported). */
  box: Box;
  /** Where the motion model puts the object on the current frame. */
  predicted: Box;
  score: number;
  topScore = 0;
  /** Matched detections over the track's life. */
  hits = 0;
  /** Matched detections since the last miss. */
  streak = 0;
  confirmed = false;
  lastSeen: number;
  frameTime: number;
  region: Box | null;
  /** Frame time of the first miss since the last hit (only frames the detector looked at count). */
  missingSince: number | null = null;
  /** Frame index at which the detector last looked at the object (matched or missed). */
  lastLook: number;
  private readonly scores: number[] = [];

  constructor(
    readonly id: string,
    readonly camera: string,
    readonly label: string,
    readonly startTime: number,
    det: Detection,
    region: Box | null,
    frameIndex: number,
    stationaryFrames: number,
  ) {
    this.kalman = new BoxKalman(det.box, startTime);
    this.stationary = new StationaryState(det.box, { frames: stationaryFrames });
    this.box = [...det.box];
    this.predicted = [...det.box];
    this.score = det.score;
    this.lastSeen = startTime;
    this.frameTime = startTime;
    this.region = region;
    this.lastLook = frameIndex;
    this.pushScore(det.score);
  }

  /** A detection matched this track on the frame at `time` (the first one is the constructor's). */
  hit(det: Detection, time: number, region: Box | null, frameIndex: number): void {
    this.kalman.update(det.box);
    this.box = [...det.box];
    this.predicted = [...det.box];
    this.score = det.score;
    this.lastSeen = time;
    this.region = region;
    this.missingSince = null;
    this.lastLook = frameIndex;
    this.stationary.observe(det.box);
    this.pushScore(det.score);
  }

  /** The detector looked where the object should be and did not find it. */
  miss(time: number, frameIndex: number): void {
    this.streak = 0;
    this.missingSince ??= time;
    this.lastLook = frameIndex;
  }

  /** Median of the recent scores. */
  get medianScore(): number {
    const s = [...this.scores].sort((a, b) => a - b);
    const mid = s.length >> 1;
    return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  }

  private pushScore(score: number): void {
    this.hits++;
    this.streak++;
    this.scores.push(score);
    if (this.scores.length > SCORE_HISTORY) this.scores.shift();
    this.topScore = Math.max(this.topScore, this.medianScore);
  }

  /** A snapshot for consumers (copies, so they cannot change the track). */
  toObject(): TrackedObject {
    const w = this.box[2] - this.box[0];
    const h = this.box[3] - this.box[1];
    return {
      id: this.id,
      camera: this.camera,
      label: this.label,
      score: this.score,
      top_score: this.topScore,
      box: [...this.box],
      area: w * h,
      ratio: h > 0 ? w / h : 0,
      region: this.region ? [...this.region] : null,
      frame_time: this.frameTime,
      start_time: this.startTime,
      last_seen: this.lastSeen,
      current_zones: this.zones.current,
      entered_zones: this.zones.entered,
      stationary: this.stationary.stationary,
      motionless_count: this.stationary.motionlessCount,
      hits: this.hits,
      confirmed: this.confirmed,
    };
  }
}

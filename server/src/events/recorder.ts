// Continuous recording of one camera into indexed segments, beside the detection pipeline.
// RTSP sources are stream-copied by an ffmpeg of our own (no decoding); decoded-frame sources
// (file, USB, MJPEG) have their capture child pipe raw frames into an H.264 encoder whose output
// we define. Every stretch without footage gets a gap row with a reason. See events/README.md.
import fs from 'node:fs';
import type { CameraState, GapReason } from '../contracts/domain';
import { steppedDelay } from '../lib/backoff';
import { systemClock, type Clock } from '../lib/clock';
import { errorMessage } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { CopyRecorderProcess, type CopyProcessEnd } from './copy-recorder-process';
import { classifyRunEnd } from './ffmpeg-log';
import type { GapStore } from './ports';
import { copyRecorderArgs, encoderRecorderSpec, runFiles, watchdogMs as defaultWatchdogMs } from './recorder-args';
import { killRecorder, newRunDir, reapOrphans, recorderProcesses } from './recorder-orphans';
import { lastSegmentEnd, RecordingGaps } from './recording-gaps';
import { RecordingRun } from './recording-run';
import { recordingMode, type RecorderOptions, type RecorderStats, type RecordingMode } from './recorder-types';
import { SegmentIndexer } from './segment-indexer';

export type { RecorderCamera, RecorderCameraListener, RecorderOptions, RecorderStats, RecordingMode } from './recorder-types';

interface ActiveRun {
  run: RecordingRun;
  proc: CopyRecorderProcess | null;
  startedAt: number;
  lastSegmentAt: number;
  retiredAt: number | null;
  /** Pipe mode: 'started' messages since this run's spec was posted, and seen in /proc. */
  startedEvents: number;
  seen: boolean;
  /** Its process is gone: once its list is read the folder can go. */
  done: boolean;
}

interface EncoderExit {
  at: number;
  code: number | null;
  signal: string | null;
  detail: string | null;
}

const NO_GAPS: GapStore = { openGap: () => 0, closeGap: () => false, openGaps: () => [], listGaps: () => [] };

const RESTART_STEPS_MS = [1000, 2000, 5000, 10_000, 30_000];
const RETIRE_KILL_MS = 15_000;

export class Recorder {
  readonly mode: RecordingMode;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly gaps: RecordingGaps;
  private readonly indexer: SegmentIndexer;
  private readonly watchdogLimitMs: number;
  private active: ActiveRun | null = null;
  private readonly retiring: ActiveRun[] = [];
  private unlisten: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private ticking: Promise<void> = Promise.resolve();
  private closing = false;
  private started = false;
  private scanDue = false;
  private lastEncoderExit: EncoderExit | null = null;
  private lastScanAt = 0;
  private readonly counters = { segments: 0, bytes: 0, restarts: 0 };

  constructor(private readonly o: RecorderOptions) {
    this.mode = recordingMode(o.source, o.recordSource);
    this.log = o.log.child({ camera: o.camera, component: 'recorder' });
    this.clock = o.clock ?? systemClock;
    // A replayed file has no downtime to explain: its footage is on the file's own timeline.
    this.gaps = new RecordingGaps(o.replay ? NO_GAPS : o.gaps, o.camera);
    this.indexer = new SegmentIndexer({ camera: o.camera, dataDir: o.dataDir, store: o.segments });
    this.watchdogLimitMs = o.watchdogMs ?? defaultWatchdogMs(o.record.segment_seconds);
  }

  /**
   * `after` says why nothing was recorded before: a normal start or a crash of Vigil (main knows).
   * In pipe mode call it before the camera starts, so the encoder is there from the first frames.
   */
  async start(after: 'startup' | 'crash' = 'startup'): Promise<void> {
    if (this.started) return;
    this.started = true;
    const report = await reapOrphans(this.o.dataDir, this.o.camera, this.log);
    if (report.killed.length > 0 || report.removedRuns > 0) this.log.info(report, 'cleaned up after a previous recorder');
    const now = this.nowS();
    this.gaps.startup(after, lastSegmentEnd(this.o.segments, this.o.camera, now), now);
    this.unlisten = this.o.link.listen({
      onState: (s, r) => this.onCameraState(s, r),
      onEncoder: (m) => this.onEncoder(m),
    });
    this.timer = setInterval(() => this.schedule(), this.o.pollMs ?? 500);
    this.startRun();
  }

  stats(): RecorderStats {
    return {
      mode: this.mode,
      recording: this.active !== null,
      segments: this.counters.segments,
      bytes: this.counters.bytes,
      restarts: this.counters.restarts,
      lastSegmentEnd: this.gaps.lastEnd,
      gap: this.gaps.openReason,
    };
  }

  /** Finishes the current segment, indexes it, then records a 'shutdown' gap. */
  async close(): Promise<void> {
    if (!this.started || this.closing) return;
    this.closing = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.active) this.retire(this.active);
    const deadline = Date.now() + RETIRE_KILL_MS + 5000;
    while (this.retiring.length > 0 && Date.now() < deadline) {
      this.scanDue = true;
      this.schedule();
      await this.ticking;
      if (this.retiring.length > 0) await new Promise((r) => setTimeout(r, 100));
    }
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    this.unlisten?.();
    this.gaps.shutdown(this.nowS());
  }

  // --- runs ------------------------------------------------------------------------------

  private nowS(): number {
    return this.clock.now() / 1000;
  }

  private startRun(): void {
    if (this.closing || this.active) return;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const generation = this.gaps.beginRun();
    const dir = newRunDir(this.o.dataDir, this.o.camera, this.clock.now());
    fs.mkdirSync(dir, { recursive: true });
    const files = runFiles(dir);
    const segmentSeconds = this.o.record.segment_seconds;
    const now = Date.now();
    const base = { startedAt: now, lastSegmentAt: now, retiredAt: null, startedEvents: 0, seen: false, done: false };
    if (this.mode === 'copy') {
      const { args, timeBase } = copyRecorderArgs({ url: this.o.recordSource ?? this.o.source, rtspTransport: this.o.rtspTransport, segmentSeconds, files });
      const run = new RecordingRun(files, timeBase, generation, this.log);
      const proc = new CopyRecorderProcess({ camera: this.o.camera, dataDir: this.o.dataDir, runDir: dir, args, log: this.log, onInputStart: (t) => run.setEpoch(t) });
      const a: ActiveRun = { ...base, run, proc };
      this.active = a;
      proc.start();
      void proc.exited.then((end) => this.onCopyExit(a, end));
      this.log.debug({ pid: proc.pid, run: dir }, 'recorder started (stream copy)');
    } else {
      const fps = this.o.replay?.fps ?? (this.o.link.sourceFps > 0 ? this.o.link.sourceFps : 10);
      const replayEpochMs = this.o.replay?.epochMs ?? null;
      const { spec, timeBase } = encoderRecorderSpec({ preset: this.o.record.encoder_preset, fps, segmentSeconds, files, replayEpochMs });
      this.active = { ...base, run: new RecordingRun(files, timeBase, generation, this.log), proc: null };
      this.o.link.setEncoder(spec);
      this.log.debug({ run: dir, fps }, 'recorder started (encoder fed by the capture process)');
    }
  }

  /** Stops a run gracefully; its last segments are still indexed before its folder goes. */
  private retire(a: ActiveRun): void {
    if (this.active === a) this.active = null;
    if (!this.retiring.includes(a)) this.retiring.push(a);
    a.retiredAt ??= Date.now();
    if (a.proc) void a.proc.stop();
    else this.o.link.setEncoder(null);
    this.scanDue = true;
  }

  /** The run ended or stalled without being asked to: gap, then a restart after a stepped delay. */
  private failed(a: ActiveRun, why: { reason: GapReason; detail: string }): void {
    if (this.closing) return;
    this.log.warn(why, 'recording interrupted');
    this.gaps.interrupt(why.reason, why.detail, this.nowS());
    this.retire(a);
    if (this.restartTimer) return;
    this.counters.restarts++;
    const delay = steppedDelay(this.attempt++, this.o.restartStepsMs ?? RESTART_STEPS_MS);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.canRun()) this.startRun();
    }, delay);
  }

  /** Pipe runs need frames; a copy of the capture stream waits for the camera to be back. */
  private canRun(): boolean {
    if (this.mode === 'pipe') return this.o.link.state === 'online';
    return this.o.recordSource !== undefined || this.o.link.state === 'online';
  }

  private onCopyExit(a: ActiveRun, end: CopyProcessEnd): void {
    a.done = true;
    this.schedule();
    if (this.active === a) this.failed(a, classifyRunEnd({ ...end, cameraOnline: this.o.link.state === 'online' }));
  }

  // --- camera events ---------------------------------------------------------------------

  private onCameraState(state: CameraState, reason: string | null): void {
    if (this.closing) return;
    if (state === 'online') {
      if (!this.active && !this.restartTimer) {
        this.attempt = 0;
        this.startRun();
      }
      return;
    }
    // A copy run lives on its own (its ffmpeg notices a dead camera); a pipe run needs frames.
    if (this.mode !== 'pipe' || !this.active) return;
    if (state === 'offline' || state === 'failed') {
      this.gaps.interrupt('camera_offline', reason, this.nowS());
      this.retire(this.active);
    } else if (state === 'stopped') {
      this.retire(this.active);
    }
  }

  private onEncoder(m: { event: 'started' | 'exit'; code: number | null; signal: string | null; detail: string | null }): void {
    if (this.mode !== 'pipe') return;
    this.scanDue = true;
    if (m.event === 'started') {
      if (this.active) this.active.startedEvents++;
      return;
    }
    this.lastEncoderExit = { at: Date.now(), code: m.code, signal: m.signal, detail: m.detail };
    this.schedule();
  }

  // --- periodic work ---------------------------------------------------------------------

  /** One tick at a time: encoder processes, segment lists, finished runs, the watchdog. */
  private schedule(): void {
    this.ticking = this.ticking.then(() => this.tick()).catch((e: unknown) => this.log.error({ err: errorMessage(e) }, 'recorder tick failed'));
  }

  private async tick(): Promise<void> {
    if (this.mode === 'pipe') await this.scanEncoders();
    const runs = [...this.retiring, ...(this.active ? [this.active] : [])].sort((x, y) => x.run.generation - y.run.generation);
    for (const a of runs) await this.indexRun(a);
    for (const a of [...this.retiring]) {
      if (!a.done) continue;
      await this.indexRun(a);
      await a.run.remove();
      this.retiring.splice(this.retiring.indexOf(a), 1);
    }
    if (this.retiring.length === 0) this.gaps.settle();
    this.watchdog();
  }

  private async indexRun(a: ActiveRun): Promise<void> {
    for (const seg of await a.run.poll()) {
      const r = await this.indexer.index(seg.file, seg.start, seg.end);
      if (r.ok) {
        this.counters.segments++;
        this.counters.bytes += r.segment.bytes;
        a.lastSegmentAt = Date.now();
        if (a === this.active) this.attempt = 0;
        this.gaps.footage(r.segment.start, r.segment.end, a.run.generation);
      } else if (r.reason === 'disk_full') {
        this.log.error({ detail: r.message }, 'disk full: segment dropped');
        if (a === this.active) this.failed(a, { reason: 'disk_full', detail: r.message });
      } else {
        this.log.warn({ detail: r.message }, 'segment not indexed');
      }
    }
  }

  /**
   * Pipe runs have no process of ours: /proc tells whether an encoder still writes into a run's
   * folder. Scanned after encoder messages, while runs wind down, and until the new one is seen.
   */
  private async scanEncoders(): Promise<void> {
    const a = this.active;
    const winding = this.retiring.filter((r) => !r.done);
    const waitingToSee = a !== null && !a.seen && Date.now() - this.lastScanAt >= 2000;
    if (!this.scanDue && winding.length === 0 && !waitingToSee) return;
    this.scanDue = false;
    this.lastScanAt = Date.now();
    const writers = recorderProcesses([...winding, ...(a ? [a] : [])].map((r) => r.run.dir));
    for (const r of winding) {
      const pids = writers.get(r.run.dir) ?? [];
      if (pids.length === 0) r.done = true;
      else if (Date.now() - (r.retiredAt ?? Date.now()) > RETIRE_KILL_MS) for (const pid of pids) await killRecorder(pid, r.run.dir);
    }
    if (!a) return;
    const running = (writers.get(a.run.dir) ?? []).length > 0;
    if (running) {
      a.seen = true;
      return;
    }
    const exit = this.lastEncoderExit;
    // Gone after running, or an exit reported while no other encoder of ours could have sent it.
    const ended = a.seen || (exit !== null && exit.at >= a.startedAt && a.startedEvents > 0 && winding.length === 0);
    if (!ended) return;
    if (this.o.replay) {
      // The replayed file ended: the encoder got EOF and finished its last segment.
      this.retire(a);
      return;
    }
    const lines = exit && exit.at >= a.startedAt && exit.detail ? exit.detail.split('\n') : [];
    const signal = exit && exit.at >= a.startedAt ? exit.signal : null;
    const code = exit && exit.at >= a.startedAt ? exit.code : null;
    this.failed(a, classifyRunEnd({ code, signal, lines, cameraOnline: this.o.link.state === 'online' }));
  }

  private watchdog(): void {
    const a = this.active;
    if (!a || this.closing || this.o.replay) return;
    if (this.o.link.state !== 'online' && this.o.recordSource === undefined) {
      // Time offline does not count: once the camera is back the run gets at least half a limit.
      a.lastSegmentAt = Math.max(a.lastSegmentAt, Date.now() - this.watchdogLimitMs / 2);
      return;
    }
    const silent = Date.now() - a.lastSegmentAt;
    if (silent <= this.watchdogLimitMs) return;
    if (a.proc) a.proc.kill();
    else for (const pid of recorderProcesses([a.run.dir]).get(a.run.dir) ?? []) void killRecorder(pid, a.run.dir);
    this.failed(a, { reason: 'recorder_restart', detail: `no new segment for ${Math.round(silent / 1000)} s` });
  }
}

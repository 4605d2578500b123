// Main-process side of a camera: starts its capture child process, relays its messages, restarts
// it when it crashes or stalls (stepped backoff, rate-limited, then `failed`), and offers frame
// requests (grab, live, credit) to the pipeline, API and live view.
import { fork, type ChildProcess } from 'node:child_process';
import type { CameraState, SourceKind } from '../contracts/domain';
import type { CaptureCounters, CaptureInit, CaptureToMain, EncoderSpec, FramePixels, MainToCapture, TrackedHint } from '../contracts/worker-protocol';
import { steppedDelay } from '../lib/backoff';
import type { Logger } from '../lib/logger';
import { compiledEntry } from '../lib/paths';
import { redactUrls } from '../lib/redact';
import { ffmpegCaptureOptions } from './source';

export type FrameMessage = Extract<CaptureToMain, { type: 'frame' }>;
export type LiveMessage = Extract<CaptureToMain, { type: 'live' }>;
export type EncoderMessage = Extract<CaptureToMain, { type: 'encoder' }>;

export interface CameraListener {
  onState?(state: CameraState, reason: string | null): void;
  onFrame?(m: FrameMessage): void;
  onLive?(m: LiveMessage): void;
  onEncoder?(m: EncoderMessage): void;
  onEos?(frames: number, seconds: number): void;
  /** The child process was (re)started: in-flight work tied to the old one is void. */
  onRestart?(): void;
}

export interface SupervisorOptions {
  init: CaptureInit;
  log: Logger;
  /** Crashes allowed per minute before the camera is reported as failed. */
  maxRestartsPerMinute?: number;
  /** Wait between restarts once failed. */
  failedRetryMs?: number;
}

const EMPTY_COUNTERS: CaptureCounters = {
  captured: 0, dropped: 0, processed: 0, skipped: 0, reconnects: 0, fps: 0, motionFrames: 0, regions: 0, encoderFrames: 0, liveSkipped: 0,
};

export class CameraSupervisor {
  readonly name: string;
  readonly kind: SourceKind;
  state: CameraState = 'connecting';
  reason: string | null = null;
  width: number | null = null;
  height: number | null = null;
  detectWidth: number | null;
  detectHeight: number | null;
  sourceFps = 0;
  /** Counters of the current child plus those of earlier (restarted) children. */
  private counters: CaptureCounters = { ...EMPTY_COUNTERS };
  private base: CaptureCounters = { ...EMPTY_COUNTERS };
  private child: ChildProcess | null = null;
  private generation = 0;
  private stopping = false;
  private crashTimes: number[] = [];
  private restartAttempt = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private lastMessageAt = 0;
  private grabSeq = 0;
  private readonly grabs = new Map<number, (p: { time: number | null; pixels: FramePixels | null }) => void>();
  private liveFps = 0;
  private hints: TrackedHint[] = [];
  private encoderSpec: EncoderSpec | null = null;
  private detectEnabled = true;
  private readonly listeners = new Set<CameraListener>();
  private stderrTail: string[] = [];
  /** Set when the watchdog killed a stalled child: its exit keeps this reason. */
  private stallReason: string | null = null;
  private readonly log: Logger;
  lastFrameTime: number | null = null;

  constructor(private readonly opts: SupervisorOptions) {
    this.name = opts.init.camera;
    this.kind = opts.init.kind;
    this.detectWidth = opts.init.detectWidth;
    this.detectHeight = opts.init.detectHeight;
    this.log = opts.log.child({ camera: this.name });
  }

  listen(l: CameraListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  start(): void {
    this.stopping = false;
    this.spawn();
    this.watchdog = setInterval(() => this.checkStall(), 1000);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get stats(): CaptureCounters {
    const c = this.counters;
    const b = this.base;
    return {
      captured: b.captured + c.captured,
      dropped: b.dropped + c.dropped,
      processed: b.processed + c.processed,
      skipped: b.skipped + c.skipped,
      reconnects: b.reconnects + c.reconnects,
      fps: this.state === 'online' ? c.fps : 0,
      motionFrames: b.motionFrames + c.motionFrames,
      regions: b.regions + c.regions,
      encoderFrames: b.encoderFrames + c.encoderFrames,
      liveSkipped: b.liveSkipped + (c.liveSkipped ?? 0),
    };
  }

  /** Latest detect-size frame from the child; null when the camera has none. */
  grab(timeoutMs = 3000): Promise<{ time: number | null; pixels: FramePixels | null }> {
    if (!this.child || this.state !== 'online') return Promise.resolve({ time: null, pixels: null });
    const id = ++this.grabSeq;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.grabs.delete(id);
        resolve({ time: null, pixels: null });
      }, timeoutMs);
      this.grabs.set(id, (p) => {
        clearTimeout(timer);
        resolve(p);
      });
      this.post({ type: 'grab', requestId: id });
    });
  }

  setLiveFps(fps: number): void {
    if (fps === this.liveFps) return;
    this.liveFps = fps;
    this.post({ type: 'live', fps });
  }

  credit(): void {
    this.post({ type: 'credit' });
  }

  setHints(hints: TrackedHint[]): void {
    this.hints = hints;
    this.post({ type: 'tracked', hints });
  }

  requestScan(): void {
    this.post({ type: 'scan' });
  }

  ack(seq: number): void {
    this.post({ type: 'ack', seq });
  }

  setDetect(enabled: boolean): void {
    this.detectEnabled = enabled;
    this.post({ type: 'detect', enabled });
  }

  setEncoder(spec: EncoderSpec | null): void {
    this.encoderSpec = spec;
    this.post({ type: 'encoder', spec });
  }

  async close(timeoutMs = 5000): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.watchdog) clearInterval(this.watchdog);
    const child = this.child;
    if (!child) {
      this.setState('stopped', null);
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      if (!this.post({ type: 'stop' })) child.kill('SIGKILL');
    });
    this.setState('stopped', null);
  }

  // --- internals ---------------------------------------------------------------------------

  private post(m: MainToCapture): boolean {
    const c = this.child;
    if (!c || !c.connected) return false;
    try {
      c.send(m);
      return true;
    } catch {
      return false;
    }
  }

  private spawn(): void {
    const gen = ++this.generation;
    const init = this.opts.init;
    const env: NodeJS.ProcessEnv = { ...process.env, OPENCV4NODEJS_DISABLE_AUTOBUILD: '1', OPENCV_LOG_LEVEL: 'ERROR' };
    const ffopts = ffmpegCaptureOptions(init.kind, init.rtspTransport);
    if (ffopts) env.OPENCV_FFMPEG_CAPTURE_OPTIONS = ffopts;
    else delete env.OPENCV_FFMPEG_CAPTURE_OPTIONS;
    const child = fork(compiledEntry('capture/capture.process'), [this.name], {
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env,
      execArgv: [],
    });
    this.child = child;
    this.lastMessageAt = Date.now();
    this.counters = { ...EMPTY_COUNTERS };
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => this.onStderr(d));
    child.on('message', (m: CaptureToMain) => {
      if (gen !== this.generation) return;
      this.lastMessageAt = Date.now();
      this.onMessage(m);
    });
    child.on('exit', (code, signal) => {
      if (gen !== this.generation) return;
      this.onExit(code, signal);
    });
    child.on('error', (err) => this.log.warn({ err }, 'capture process error'));
    child.send({ type: 'init', init: { ...init, encoder: this.encoderSpec } } satisfies MainToCapture);
    // Re-apply what the main side asked of the previous child.
    if (this.liveFps > 0) this.post({ type: 'live', fps: this.liveFps });
    if (this.hints.length > 0) this.post({ type: 'tracked', hints: this.hints });
    if (!this.detectEnabled) this.post({ type: 'detect', enabled: false });
    for (const l of this.listeners) l.onRestart?.();
  }

  private onMessage(m: CaptureToMain): void {
    switch (m.type) {
      case 'state':
        if (m.state === 'online') {
          this.width = m.width ?? this.width;
          this.height = m.height ?? this.height;
          this.sourceFps = m.fps ?? this.sourceFps;
          this.detectWidth = m.detectWidth ?? this.detectWidth;
          this.detectHeight = m.detectHeight ?? this.detectHeight;
          this.restartAttempt = 0;
        }
        if (m.state !== 'stopped') this.setState(m.state, m.state === 'online' ? null : this.withFfmpegDetail(m.reason));
        break;
      case 'frame':
        this.lastFrameTime = m.time;
        for (const l of this.listeners) l.onFrame?.(m);
        break;
      case 'live':
        this.lastFrameTime = m.time;
        for (const l of this.listeners) l.onLive?.(m);
        break;
      case 'grabbed': {
        const g = this.grabs.get(m.requestId);
        this.grabs.delete(m.requestId);
        g?.({ time: m.time, pixels: m.pixels });
        break;
      }
      case 'stats':
        this.counters = m.counters;
        break;
      case 'encoder':
        for (const l of this.listeners) l.onEncoder?.(m);
        break;
      case 'eos':
        for (const l of this.listeners) l.onEos?.(m.frames, m.seconds);
        break;
      case 'error':
        this.log.warn({ fatal: m.fatal }, `capture: ${m.message}`);
        break;
      case 'ready':
        break;
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.child = null;
    this.base = this.stats;
    this.counters = { ...EMPTY_COUNTERS };
    for (const [, g] of this.grabs) g({ time: null, pixels: null });
    this.grabs.clear();
    if (this.stopping || this.opts.init.mode === 'replay') {
      if (this.opts.init.mode === 'replay' && !this.stopping && code !== 0) {
        this.setState('failed', `capture process exited (${signal ?? `code ${code}`})`);
      }
      return;
    }
    const now = Date.now();
    this.crashTimes = this.crashTimes.filter((t) => now - t < 60_000);
    this.crashTimes.push(now);
    const detail = this.stderrTail.slice(-3).join(' | ');
    // A child we killed for stalling keeps the stall as its reason (the signal says nothing new).
    const why = this.stallReason ?? `capture process exited (${signal ?? `code ${code}`})`;
    this.stallReason = null;
    this.log.warn({ code, signal, stderr: detail || undefined }, why);
    this.base.reconnects++;
    const limit = this.opts.maxRestartsPerMinute ?? 5;
    let delay: number;
    if (this.crashTimes.length > limit) {
      this.setState('failed', `${why}; ${this.crashTimes.length} crashes in a minute`);
      delay = this.opts.failedRetryMs ?? 60_000;
    } else {
      this.setState('offline', why);
      delay = steppedDelay(this.restartAttempt++, this.opts.init.reconnectStepsMs);
    }
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopping) this.spawn();
    }, delay);
  }

  private checkStall(): void {
    const child = this.child;
    if (!child || this.stopping || this.stallReason) return;
    const silentMs = Date.now() - this.lastMessageAt;
    // The child reports stats every second; silence means a read is stuck in native code.
    if (silentMs > this.opts.init.stallTimeoutMs) {
      this.log.warn({ silentMs }, 'capture process stalled; restarting it');
      this.stallReason = `no response from the source for ${Math.round(silentMs / 1000)} s`;
      this.setState('offline', this.stallReason);
      child.kill('SIGKILL');
    }
  }

  /** Adds FFmpeg's own last complaint (e.g. "401 Unauthorized", "Connection refused") to a reason. */
  private withFfmpegDetail(reason: string | null): string | null {
    const line = [...this.stderrTail].reverse().find((l) => /^\[[\w:,-]+ @ 0x[0-9a-f]+\]/.test(l));
    if (!line) return reason;
    const detail = line.replace(/^\[[^\]]+\]\s*/, '');
    this.stderrTail = [];
    if (reason?.includes(detail)) return reason;
    return reason ? `${reason} (${detail})` : detail;
  }

  private stderrCarry = '';

  /** FFmpeg writes a log prefix and its message in separate writes: lines are joined first. */
  private onStderr(d: string): void {
    const text = this.stderrCarry + d;
    const lines = text.split('\n');
    this.stderrCarry = (lines.pop() ?? '').slice(-2000);
    for (const line of lines) {
      const t = line.trim();
      if (!t) continue;
      const safe = redactUrls(t).slice(0, 500);
      this.stderrTail.push(safe);
      if (this.stderrTail.length > 20) this.stderrTail.shift();
      this.log.debug({ source: 'capture' }, safe);
    }
  }

  private setState(state: CameraState, reason: string | null): void {
    if (state === this.state && reason === this.reason) return;
    const prev = this.state;
    this.state = state;
    this.reason = reason ? redactUrls(reason) : null;
    if (prev !== state) this.log.info({ state, reason: this.reason ?? undefined }, `camera ${state}`);
    for (const l of this.listeners) l.onState?.(state, this.reason);
  }
}

// The capture loop inside a camera's child process: open the source (OpenCV for files and USB
// cameras, an ffmpeg decoder for network cameras), read at the source's pace, process at detect
// fps, hand frames to the main process, reconnect with stepped backoff. The loop yields to the
// event loop between frames so control messages get through. Frames are converted (grey, BGR,
// RGB, detect size) only when something uses them.
import type { CameraState } from '../contracts/domain';
import type { CaptureCounters, CaptureInit, CaptureToMain, EncoderSpec, MainToCapture, TrackedHint } from '../contracts/worker-protocol';
import { steppedDelay } from '../lib/backoff';
import type { OpenCV } from '../lib/opencv';
import type { CapturedFrame } from './captured-frame';
import { DetectCredits } from './detect-credits';
import { EncoderSink } from './encoder-sink';
import { FfmpegSource } from './ffmpeg-source';
import type { FrameSource, OpenResult } from './frame-source';
import { createFrameProcessor, type FrameProcessor } from './frame-processor';
import { OpenCvSource } from './opencv-source';
import { FrameSampler, RateMeter, ReadPacer } from './pacing';
import { decodesWithFfmpeg, describeSource, type SourceSpec } from './source';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const yieldLoop = () => new Promise<void>((r) => setImmediate(r));

/**
 * Longest wait for a message carrying pixels to be written to the main process before the next
 * read. Reads of a network stream block the event loop until the next frame arrives, and IPC is
 * written only while the loop runs: without this wait a 1.3 MB frame took seconds to leave, and
 * live frames queued up in memory without bound (measured: +9 MB/s at 10 live fps from RTSP).
 */
const FLUSH_WAIT_MS = 250;

/** Sends a message to the main process; `onWritten` runs once it has left (or failed). */
export type CaptureSend = (m: CaptureToMain, onWritten?: () => void) => void;

export class CaptureSession {
  private readonly spec: SourceSpec;
  private source: FrameSource | null = null;
  private state: CameraState = 'connecting';
  private stopped = false;
  private attempt = 0;
  private sourceFps = 10;
  private width = 0;
  private height = 0;
  private detectW = 0;
  private detectH = 0;
  private processor: FrameProcessor | null = null;
  private readonly pacer: { p: ReadPacer | null } = { p: null };
  private readonly sampler: FrameSampler;
  private readonly captureRate = new RateMeter();
  private latest: { frame: CapturedFrame; time: number } | null = null;
  private readonly credits = new DetectCredits();
  private detectEnabled: boolean;
  private hints: TrackedHint[] = [];
  private scanRequested = true;
  private lastScan = 0;
  private liveFps = 0;
  private lastLive = 0;
  private seq = 0;
  private awaitingAck: number | null = null;
  private ackWaiter: (() => void) | null = null;
  private encoder: EncoderSink | null = null;
  private encoderSpec: EncoderSpec | null = null;
  private frameIndex = 0;
  private readonly counters: CaptureCounters = {
    captured: 0, dropped: 0, processed: 0, skipped: 0, reconnects: 0, fps: 0, motionFrames: 0, regions: 0, encoderFrames: 0, liveSkipped: 0,
  };
  /** A live frame is on its way: the next one is skipped rather than queued. */
  private liveInFlight = false;

  /**
   * `drained` resolves once every message sent so far has left the process: the loop waits for it
   * before each blocking read (see ipc-outbox.ts).
   */
  constructor(
    private readonly cv: OpenCV,
    private readonly init: CaptureInit,
    private readonly send: CaptureSend,
    private readonly drained: () => Promise<void> = () => Promise.resolve(),
  ) {
    this.spec = describeSource(init.source);
    this.sampler = new FrameSampler(init.detectFps);
    this.detectEnabled = init.model !== null;
    this.encoderSpec = init.encoder ?? null;
  }

  handle(m: MainToCapture): void {
    switch (m.type) {
      case 'tracked':
        this.hints = m.hints;
        break;
      case 'credit':
        this.credits.give();
        break;
      case 'live':
        this.liveFps = m.fps;
        break;
      case 'grab':
        this.send({ type: 'grabbed', requestId: m.requestId, time: this.latest?.time ?? null, pixels: this.latest ? this.latest.frame.rgb() : null });
        break;
      case 'scan':
        this.scanRequested = true;
        break;
      case 'detect':
        this.detectEnabled = m.enabled && this.init.model !== null;
        break;
      case 'ack':
        if (this.awaitingAck === m.seq) {
          this.awaitingAck = null;
          this.ackWaiter?.();
        }
        break;
      case 'encoder':
        void this.setEncoder(m.spec);
        break;
      case 'stop':
        void this.stop();
        break;
      case 'init':
        break;
    }
  }

  /** Runs until stopped. In replay mode it ends after the file's last frame. */
  async run(): Promise<void> {
    const statsTimer = setInterval(() => this.sendStats(), 1000);
    try {
      while (!this.stopped) {
        if (!this.source) {
          const ok = await this.open();
          if (!ok) {
            if (this.init.mode === 'replay') break;
            await sleep(steppedDelay(this.attempt++, this.init.reconnectStepsMs));
            continue;
          }
        }
        const more = await this.readOne();
        if (!more) {
          if (this.init.mode === 'replay') break;
          this.closeSource();
          this.setState('offline', this.lastError ?? 'the source stopped sending frames');
          this.counters.reconnects++;
          await sleep(steppedDelay(this.attempt++, this.init.reconnectStepsMs));
        }
      }
    } finally {
      clearInterval(statsTimer);
      this.sendStats();
      if (this.init.mode === 'replay' && !this.stopped) {
        this.send({ type: 'eos', frames: this.counters.captured, seconds: this.frameIndex / this.sourceFps });
      }
    }
  }

  private lastError: string | null = null;

  private async open(): Promise<boolean> {
    const want = { width: this.init.detectWidth, height: this.init.detectHeight };
    const r: OpenResult = decodesWithFfmpeg(this.spec.kind)
      ? await FfmpegSource.open(this.cv, this.spec, want, { rtspTransport: this.init.rtspTransport, stallTimeoutMs: this.init.stallTimeoutMs })
      : OpenCvSource.open(this.cv, this.spec, want, this.counters.captured === 0);
    if (!r.ok) {
      this.fail(r.reason);
      return false;
    }
    if (this.stopped) {
      r.first.release();
      r.source.close();
      return false;
    }
    const src = r.source;
    this.sourceFps = src.fps > 0 && src.fps <= 120 ? src.fps : 10;
    this.width = src.width;
    this.height = src.height;
    this.detectW = this.init.detectWidth ?? this.width;
    this.detectH = this.init.detectHeight ?? this.height;
    this.source = src;
    this.pacer.p = this.init.mode === 'live' && this.spec.finite ? new ReadPacer(1000 / this.sourceFps) : null;
    this.sampler.reset();
    if (!this.processor) this.processor = createFrameProcessor(this.cv, this.init, this.detectW, this.detectH);
    this.attempt = 0;
    this.lastError = null;
    this.setState('online', null);
    this.restartEncoderIfNeeded();
    this.handleFrame(r.first);
    return true;
  }

  private fail(reason: string): void {
    this.lastError = reason;
    this.setState(this.state === 'online' || this.state === 'connecting' ? 'offline' : this.state, reason, true);
  }

  /** Reads and handles one frame; false when the source ended or failed. */
  private async readOne(): Promise<boolean> {
    const src = this.source;
    if (!src) return false;
    if (this.awaitingAck !== null) await new Promise<void>((r) => (this.ackWaiter = r));
    this.ackWaiter = null;
    const pacer = this.pacer.p;
    if (pacer) {
      const wait = pacer.delay(performance.now());
      if (wait > 0) await sleep(wait);
      pacer.advance();
    } else {
      await yieldLoop();
    }
    // An OpenCV read blocks the event loop: what was sent must be out of the process first (a
    // bounded wait: a main process that stopped reading must not stop capture).
    await Promise.race([this.drained(), sleep(FLUSH_WAIT_MS)]);
    if (this.stopped || this.source !== src) return true;
    let frame = await src.read();
    if (!frame && this.spec.finite && this.init.loop && this.init.mode === 'live' && src.rewind()) {
      frame = await src.read();
      this.sampler.reset();
    }
    if (this.stopped || this.source !== src) {
      frame?.release();
      return true;
    }
    if (!frame) {
      this.lastError = src.error ?? (this.spec.finite ? 'end of file' : 'no frame from the source');
      return false;
    }
    this.handleFrame(frame);
    // Replay is not live: the encoder is waited for instead of dropping frames it cannot take yet.
    if (this.init.mode === 'replay' && this.encoder) await this.encoder.drained();
    return true;
  }

  private handleFrame(frame: CapturedFrame): void {
    const now = Date.now();
    this.counters.captured++;
    this.captureRate.mark(now);
    const time = this.init.mode === 'replay' ? (this.init.replayEpochMs ?? 0) + (this.frameIndex * 1000) / this.sourceFps : now;
    this.frameIndex++;
    if (this.encoder?.running) {
      this.encoder.write(frame.raw().data);
      this.counters.encoderFrames = this.encoder.written;
    }
    this.latest?.frame.release();
    this.latest = { frame, time };

    if (!this.sampler.take(time)) {
      this.counters.dropped++;
      this.maybeSendLive(frame, time, now);
      return;
    }
    this.counters.processed++;
    const scanDue = this.scanRequested || (this.init.scanIntervalS > 0 && time - this.lastScan >= this.init.scanIntervalS * 1000);
    const canDetect = this.detectEnabled && (this.credits.available > 0 || this.init.mode === 'replay');
    const result = this.processor!.process({ frame, time, canDetect, scan: this.detectEnabled && scanDue, hints: this.hints });
    if (result.motion.length > 0) this.counters.motionFrames++;
    const sentRegions = result.regions.length > 0;
    if (sentRegions) {
      this.credits.take();
      this.counters.regions += result.regions.length;
      if (scanDue) {
        this.scanRequested = false;
        this.lastScan = time;
      }
    }
    const skipped = result.wantedDetect && !sentRegions && this.detectEnabled;
    if (skipped) this.counters.skipped++;
    const wantLive = this.liveDue(now);
    const seq = ++this.seq;
    const msg: CaptureToMain = {
      type: 'frame',
      seq,
      time,
      motion: result.motion,
      motionShare: result.motionShare,
      calibrating: result.calibrating,
      skipped,
      scan: sentRegions && scanDue,
      regions: result.regions,
      pixels: sentRegions || wantLive ? frame.rgb() : null,
    };
    this.sendMessage(msg, wantLive);
    if (wantLive) this.lastLive = now;
    if (this.init.mode === 'replay') this.awaitingAck = seq;
  }

  /** A live frame is due, and the previous one has left (else it is skipped and counted). */
  private liveDue(now: number): boolean {
    if (this.liveFps <= 0 || now - this.lastLive < 1000 / this.liveFps - 5) return false;
    if (!this.liveInFlight) return true;
    this.counters.liveSkipped++;
    this.lastLive = now;
    return false;
  }

  private maybeSendLive(frame: CapturedFrame, time: number, now: number): void {
    if (!this.liveDue(now)) return;
    this.lastLive = now;
    this.sendMessage({ type: 'live', time, pixels: frame.rgb() }, true);
  }

  /** Sends a message; a live frame is remembered until it is written (at most one on its way). */
  private sendMessage(m: CaptureToMain, live: boolean): void {
    if (!live) return this.send(m);
    this.liveInFlight = true;
    this.send(m, () => {
      this.liveInFlight = false;
    });
  }

  private setState(state: CameraState, reason: string | null, force = false): void {
    if (state === this.state && !force) return;
    const changed = state !== this.state || reason !== this.lastSentReason;
    this.state = state;
    if (!changed) return;
    this.lastSentReason = reason;
    this.send({
      type: 'state',
      state,
      reason,
      ...(state === 'online'
        ? { width: this.width, height: this.height, fps: this.sourceFps, detectWidth: this.detectW, detectHeight: this.detectH }
        : {}),
    });
  }

  private lastSentReason: string | null = null;

  private sendStats(): void {
    this.counters.fps = Math.round(this.captureRate.rate(Date.now()) * 10) / 10;
    this.send({ type: 'stats', counters: { ...this.counters } });
  }

  private async setEncoder(spec: EncoderSpec | null): Promise<void> {
    this.encoderSpec = spec;
    if (this.encoder) {
      const old = this.encoder;
      this.encoder = null;
      await old.stop();
    }
    this.restartEncoderIfNeeded();
  }

  private restartEncoderIfNeeded(): void {
    const spec = this.encoderSpec;
    if (!spec || this.encoder || !this.source || this.stopped) return;
    const sink = new EncoderSink(spec, this.width, this.height, this.source.rawPixFmt, {
      onExit: (code, signal, detail) => {
        if (this.encoder === sink) this.encoder = null;
        this.send({ type: 'encoder', event: 'exit', code, signal, detail });
      },
    });
    this.encoder = sink;
    sink.start();
    this.send({ type: 'encoder', event: 'started', code: null, signal: null, detail: null });
  }

  private closeSource(): void {
    this.source?.close();
    this.source = null;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.ackWaiter?.();
    await this.encoder?.stop();
    this.encoder = null;
    this.closeSource();
    this.processor?.close();
    this.latest?.frame.release();
    this.latest = null;
    this.setState('stopped', null);
  }
}

// The capture loop inside a camera's child process: open the source with OpenCV, read at the
// source's pace, scale to the detect size, process at detect fps, hand frames to the main process,
// reconnect with stepped backoff. Reads are synchronous (the async API of the binding is unsafe);
// the loop yields to the event loop between frames so control messages get through.
import fs from 'node:fs';
import type { Mat, VideoCapture } from '@u4/opencv4nodejs';
import type { CameraState } from '../contracts/domain';
import type { CaptureCounters, CaptureInit, CaptureToMain, EncoderSpec, FramePixels, MainToCapture, TrackedHint } from '../contracts/worker-protocol';
import { steppedDelay } from '../lib/backoff';
import type { OpenCV } from '../lib/opencv';
import { EncoderSink } from './encoder-sink';
import { diagnoseFile } from './file-diagnosis';
import { createFrameProcessor, type FrameProcessor } from './frame-processor';
import { FrameSampler, RateMeter, ReadPacer } from './pacing';
import { describeSource, type SourceSpec } from './source';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const yieldLoop = () => new Promise<void>((r) => setImmediate(r));

/**
 * Longest wait for a message carrying pixels to be written to the main process before the next
 * read. Reads of a network stream block the event loop until the next frame arrives, and IPC is
 * written only while the loop runs: without this wait a 1.3 MB frame took seconds to leave, and
 * live frames queued up in memory without bound (measured: +9 MB/s at 10 live fps from RTSP).
 */
const FLUSH_WAIT_MS = 250;

export type CaptureSend = (m: CaptureToMain, onWritten?: () => void) => void;

export class CaptureSession {
  private readonly spec: SourceSpec;
  private cap: VideoCapture | null = null;
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
  private latest: { mat: Mat; time: number } | null = null;
  private credit = false;
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
  /** The last message with pixels not yet written to the channel (waited for before a read). */
  private unwritten: Promise<void> | null = null;
  /** A live frame is on its way: the next one is skipped rather than queued. */
  private liveInFlight = false;

  constructor(private readonly cv: OpenCV, private readonly init: CaptureInit, private readonly send: CaptureSend) {
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
        this.credit = true;
        break;
      case 'live':
        this.liveFps = m.fps;
        break;
      case 'grab':
        this.send({ type: 'grabbed', requestId: m.requestId, time: this.latest?.time ?? null, pixels: this.latest ? this.pixels(this.latest.mat) : null });
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
        if (!this.cap) {
          const ok = this.open();
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

  private open(): boolean {
    if (this.spec.kind === 'file' && typeof this.spec.open === 'string' && !fs.existsSync(this.spec.open)) {
      this.fail(`file not found: ${this.spec.open}`);
      return false;
    }
    try {
      // Pin the backend: FFmpeg for files and network streams, V4L2 for devices (OpenCV would
      // otherwise fall through to GStreamer and bury the real error under its noise).
      const api = this.spec.kind === 'v4l2' ? this.cv.CAP_V4L2 : this.cv.CAP_FFMPEG;
      const cap = new this.cv.VideoCapture(this.spec.open, api);
      const first = cap.read();
      if (!first || first.empty) {
        cap.release();
        const why = this.spec.kind === 'file' ? this.explainFile() : null;
        this.fail(why ?? (this.counters.captured === 0 && this.spec.kind === 'file' ? 'the file has no readable video frames' : 'the source opened but sent no frame'));
        return false;
      }
      const fps = cap.get(this.cv.CAP_PROP_FPS);
      this.sourceFps = Number.isFinite(fps) && fps > 0 && fps <= 120 ? fps : 10;
      this.width = first.cols;
      this.height = first.rows;
      this.detectW = this.init.detectWidth ?? this.width;
      this.detectH = this.init.detectHeight ?? this.height;
      this.cap = cap;
      this.pacer.p = this.init.mode === 'live' && this.spec.finite ? new ReadPacer(1000 / this.sourceFps) : null;
      this.sampler.reset();
      if (!this.processor) this.processor = createFrameProcessor(this.cv, this.init, this.detectW, this.detectH);
      this.attempt = 0;
      this.lastError = null;
      this.setState('online', null);
      this.restartEncoderIfNeeded();
      this.handleFrame(first);
      return true;
    } catch (e) {
      const why = this.spec.kind === 'file' ? this.explainFile() : null;
      if (why) this.fail(why);
      else this.fail(`cannot open ${this.spec.display}${e instanceof Error && e.message && !/VideoCapture::New/.test(e.message) ? `: ${e.message}` : ''}`);
      return false;
    }
  }

  /** A file that will not open or read: say why (empty, no video, unknown codec); runs at most once per reconnect step. */
  private explainFile(): string | null {
    const why = diagnoseFile(String(this.spec.open));
    return why ? `cannot open ${this.spec.display}: ${why}` : null;
  }

  private fail(reason: string): void {
    this.lastError = reason;
    this.setState(this.state === 'online' || this.state === 'connecting' ? 'offline' : this.state, reason, true);
  }

  /** Reads and handles one frame; false when the source ended or failed. */
  private async readOne(): Promise<boolean> {
    const cap = this.cap;
    if (!cap) return false;
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
    // Let the previous frame's pixels reach the main process before blocking in the next read.
    if (this.unwritten) await Promise.race([this.unwritten, sleep(FLUSH_WAIT_MS)]);
    if (this.stopped || this.cap !== cap) return true;
    let frame = cap.read();
    if (!frame || frame.empty) {
      if (this.spec.finite && this.init.loop && this.init.mode === 'live') {
        cap.set(this.cv.CAP_PROP_POS_FRAMES, 0);
        frame = cap.read();
        this.sampler.reset();
      }
      if (!frame || frame.empty) {
        this.lastError = this.spec.finite ? 'end of file' : 'no frame from the source';
        return false;
      }
    }
    this.handleFrame(frame);
    // Replay is not live: the encoder is waited for instead of dropping frames it cannot take yet.
    if (this.init.mode === 'replay' && this.encoder) await this.encoder.drained();
    return true;
  }

  private handleFrame(raw: Mat): void {
    const now = Date.now();
    this.counters.captured++;
    this.captureRate.mark(now);
    const time = this.init.mode === 'replay' ? (this.init.replayEpochMs ?? 0) + (this.frameIndex * 1000) / this.sourceFps : now;
    this.frameIndex++;
    if (this.encoder?.running) {
      this.encoder.write(raw.getData());
      this.counters.encoderFrames = this.encoder.written;
    }
    const frame = raw.cols !== this.detectW || raw.rows !== this.detectH ? raw.resize(this.detectH, this.detectW) : raw;
    if (frame !== raw) raw.release();
    this.latest?.mat.release();
    this.latest = { mat: frame, time };

    if (!this.sampler.take(time)) {
      this.counters.dropped++;
      this.maybeSendLive(frame, time, now);
      return;
    }
    this.counters.processed++;
    const scanDue = this.scanRequested || (this.init.scanIntervalS > 0 && time - this.lastScan >= this.init.scanIntervalS * 1000);
    const canDetect = this.detectEnabled && (this.credit || this.init.mode === 'replay');
    const result = this.processor!.process({ frame, time, canDetect, scan: this.detectEnabled && scanDue, hints: this.hints });
    if (result.motion.length > 0) this.counters.motionFrames++;
    const sentRegions = result.regions.length > 0;
    if (sentRegions) {
      this.credit = false;
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
      pixels: sentRegions || wantLive ? this.pixels(frame) : null,
    };
    if (msg.pixels) this.sendPixels(msg, wantLive);
    else this.send(msg);
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

  private maybeSendLive(frame: Mat, time: number, now: number): void {
    if (!this.liveDue(now)) return;
    this.lastLive = now;
    this.sendPixels({ type: 'live', time, pixels: this.pixels(frame) }, true);
  }

  /** Sends a message with pixels and remembers it until it is written (bounded: one live frame). */
  private sendPixels(m: CaptureToMain, live: boolean): void {
    if (live) this.liveInFlight = true;
    let written!: () => void;
    const p = new Promise<void>((r) => (written = r));
    this.unwritten = p;
    this.send(m, () => {
      if (live) this.liveInFlight = false;
      if (this.unwritten === p) this.unwritten = null;
      written();
    });
  }

  /** RGB copy of a BGR frame for the main process (sharp and the browser want RGB). */
  private pixels(mat: Mat): FramePixels {
    const rgb = mat.cvtColor(this.cv.COLOR_BGR2RGB);
    const buf = rgb.getData();
    rgb.release();
    return { data: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), width: mat.cols, height: mat.rows };
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
    if (!spec || this.encoder || !this.cap || this.stopped) return;
    const sink = new EncoderSink(spec, this.width, this.height, {
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
    this.cap?.release();
    this.cap = null;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.ackWaiter?.();
    await this.encoder?.stop();
    this.encoder = null;
    this.closeSource();
    this.processor?.close();
    this.latest?.mat.release();
    this.latest = null;
    this.setState('stopped', null);
  }
}

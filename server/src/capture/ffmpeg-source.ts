// Frames of a network camera (RTSP, HTTP MJPEG) from an ffmpeg process that decodes the stream and
// writes raw I420 frames as YUV4MPEG2 to its stdout. Compared with OpenCV's VideoCapture this
// skips the BGR conversion of every frame (most are dropped by the sampler; motion reads the Y
// plane), and reading is asynchronous, so the child's event loop never blocks on the network.
// ffmpeg's stderr is the child's, so its complaints reach the supervisor as before.
import { spawn, type ChildProcess } from 'node:child_process';
import type { OpenCV } from '../lib/opencv';
import { BufferPool, I420Frame, type CapturedFrame } from './captured-frame';
import type { DetectSize, FrameSource, OpenResult } from './frame-source';
import { ffmpegDecodeArgs, type SourceSpec } from './source';
import { Y4mParser, type Y4mHeader } from './y4m-parser';

/** Frames decoded ahead of the session before ffmpeg is paused (backpressure, like a socket). */
const MAX_QUEUED = 2;

/** An open that failed after this many seconds without a frame is reported as a silent source. */
const SILENT_AFTER_S = 3;

export interface FfmpegSourceOptions {
  rtspTransport: 'tcp' | 'udp';
  /** No frame for this long: the source is treated as gone (ffmpeg is killed). */
  stallTimeoutMs: number;
}

export class FfmpegSource implements FrameSource {
  readonly rawPixFmt = 'yuv420p';
  error: string | null = null;
  private readonly pool = new BufferPool();
  private readonly queue: CapturedFrame[] = [];
  private waiter: ((f: CapturedFrame | null) => void) | null = null;
  private ended = false;
  private header: Y4mHeader | null = null;
  private detectW = 0;
  private detectH = 0;

  private constructor(private readonly cv: OpenCV, private readonly proc: ChildProcess, private readonly want: DetectSize, private readonly opts: FfmpegSourceOptions) {
    const parser = new Y4mParser(
      (bytes) => this.pool.take(bytes),
      (buf, h) => this.push(new I420Frame(this.cv, buf, h.width, h.height, this.detectW, this.detectH, (b) => this.pool.give(b))),
      (h) => {
        this.header = h;
        this.detectW = this.want.width ?? h.width;
        this.detectH = this.want.height ?? h.height;
      },
    );
    proc.stdout?.on('data', (chunk: Buffer) => {
      try {
        parser.push(chunk);
      } catch (e) {
        this.fail(`unreadable decoder output: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    proc.stdout?.on('end', () => this.fail('the source stopped sending frames'));
    proc.on('error', (e) => this.fail(`cannot run ffmpeg: ${e.message}`));
    proc.on('close', () => this.fail('the source stopped sending frames'));
  }

  /** Starts ffmpeg on the source; resolves once the first frame is decoded (or it failed). */
  static async open(cv: OpenCV, spec: SourceSpec, want: DetectSize, opts: FfmpegSourceOptions): Promise<OpenResult> {
    const proc = spawn('ffmpeg', ffmpegDecodeArgs(spec, opts.rtspTransport), { stdio: ['ignore', 'pipe', 'inherit'] });
    const src = new FfmpegSource(cv, proc, want, opts);
    const t0 = Date.now();
    const first = await src.read();
    if (!first || !src.header) {
      first?.release();
      src.close();
      // ffmpeg says nothing when a peer accepts and then stays silent until its timeout: say so.
      const waited = Math.round((Date.now() - t0) / 1000);
      const why = waited >= SILENT_AFTER_S ? `: no response from the source for ${waited} s` : '';
      return { ok: false, reason: `cannot open ${spec.display}${why}` };
    }
    return { ok: true, source: src, first };
  }

  get width(): number {
    return this.header?.width ?? 0;
  }

  get height(): number {
    return this.header?.height ?? 0;
  }

  get fps(): number {
    return this.header?.fps ?? 0;
  }

  read(): Promise<CapturedFrame | null> {
    const next = this.queue.shift();
    if (this.queue.length < MAX_QUEUED) this.proc.stdout?.resume();
    if (next) return Promise.resolve(next);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        this.fail(`no frame from the source for ${Math.round(this.opts.stallTimeoutMs / 1000)} s`);
        resolve(null);
      }, this.opts.stallTimeoutMs);
      this.waiter = (f) => {
        clearTimeout(timer);
        resolve(f);
      };
    });
  }

  rewind(): boolean {
    return false;
  }

  /** Frame buffers made so far (they are reused once frames are released). */
  get buffersAllocated(): number {
    return this.pool.allocated;
  }

  close(): void {
    this.fail(this.error ?? 'closed');
  }

  private push(f: CapturedFrame): void {
    if (this.ended) return f.release();
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      w(f);
      return;
    }
    this.queue.push(f);
    if (this.queue.length >= MAX_QUEUED) this.proc.stdout?.pause();
  }

  private fail(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.error = reason;
    for (const f of this.queue.splice(0)) f.release();
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
    const w = this.waiter;
    this.waiter = null;
    w?.(null);
  }
}

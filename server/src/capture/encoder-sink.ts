// Pipes decoded frames into an ffmpeg H.264 encoder (recording of file, USB and MJPEG sources).
// Runs inside the capture child. Never blocks capture: when ffmpeg falls behind, frames are dropped
// and counted. The recorder in the main process chooses the output arguments (segments).
import { spawn, type ChildProcess } from 'node:child_process';
import type { EncoderSpec } from '../contracts/worker-protocol';

export interface EncoderEvents {
  onExit(code: number | null, signal: string | null, detail: string | null): void;
}

/** Bytes buffered in the pipe before frames are dropped (about 8 raw 720p frames). */
const MAX_BUFFERED = 24 * 1024 * 1024;

export class EncoderSink {
  private proc: ChildProcess | null = null;
  private stderrTail = '';
  written = 0;
  dropped = 0;

  constructor(
    private readonly spec: EncoderSpec,
    private readonly width: number,
    private readonly height: number,
    /** Layout of the frames written: BGR from OpenCV, I420 from the ffmpeg decoder. */
    private readonly pixFmt: 'bgr24' | 'yuv420p',
    private readonly events: EncoderEvents,
  ) {}

  start(): void {
    const input = [
      '-hide_banner', '-loglevel', 'error', '-nostdin',
      ...(this.spec.wallclock ? ['-use_wallclock_as_timestamps', '1'] : []),
      '-f', 'rawvideo', '-pix_fmt', this.pixFmt, '-s', `${this.width}x${this.height}`,
      // `-r` on an input replaces its timestamps with a frame count, which would discard the wall
      // clock; with wall-clock stamps the demuxer's time base (1/framerate) is made 1 ms instead.
      ...(this.spec.wallclock ? ['-framerate', '1000'] : ['-r', String(this.spec.fps)]),
      '-i', 'pipe:0',
    ];
    const proc = spawn('ffmpeg', [...input, ...this.spec.outputArgs], { stdio: ['pipe', 'ignore', 'pipe'] });
    this.proc = proc;
    proc.stdin?.on('error', () => undefined); // EPIPE when ffmpeg exits; reported through 'exit'
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (d: string) => {
      this.stderrTail = (this.stderrTail + d).slice(-2000);
    });
    proc.on('exit', (code, signal) => {
      this.proc = null;
      this.events.onExit(code, signal, this.stderrTail.trim() || null);
    });
    proc.on('error', (err) => {
      this.stderrTail = `${this.stderrTail}\n${err.message}`.slice(-2000);
    });
  }

  /** Writes one frame of the sink's size and layout (a buffer the caller no longer reuses); drops it
   * when the encoder is behind. */
  write(frame: Uint8Array): void {
    const stdin = this.proc?.stdin;
    if (!stdin || stdin.destroyed || !stdin.writable) return;
    if (stdin.writableLength > MAX_BUFFERED) {
      this.dropped++;
      return;
    }
    stdin.write(frame);
    this.written++;
  }

  /** Resolves once ffmpeg has taken what is buffered (replay waits here instead of dropping). */
  drained(): Promise<void> {
    const stdin = this.proc?.stdin;
    if (!stdin || stdin.destroyed || !stdin.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        stdin.off('drain', done);
        stdin.off('close', done);
        resolve();
      };
      stdin.once('drain', done);
      stdin.once('close', done);
    });
  }

  get running(): boolean {
    return this.proc !== null;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Closes stdin so ffmpeg finishes the current segment; kills it if it does not exit. */
  stop(timeoutMs = 5000): Promise<void> {
    const proc = this.proc;
    if (!proc) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
      proc.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      proc.stdin?.end();
    });
  }
}

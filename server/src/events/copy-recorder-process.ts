// The `ffmpeg -c copy` process of one recording run (RTSP sources): spawned with a pidfile so a
// later start can find it after a crash, stderr redacted before it reaches the log, and stopped
// gracefully (`q`, then SIGINT) so the current segment is finished and listed.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '../lib/logger';
import { isCopyMapping, parseInputStart, StderrLines } from './ffmpeg-log';
import { removePidFile, writePidFile } from './recorder-orphans';

export interface CopyProcessEnd {
  code: number | null;
  signal: string | null;
  /** Last stderr lines, redacted. */
  lines: string[];
}

export interface CopyProcessOptions {
  camera: string;
  dataDir: string;
  runDir: string;
  args: string[];
  log: Logger;
  /** ffmpeg printed the wall-clock start of its input (epoch seconds). */
  onInputStart(epoch: number): void;
}

export class CopyRecorderProcess {
  private proc: ChildProcess | null = null;
  private pidFile: string | null = null;
  private readonly stderr: StderrLines;
  /** ffmpeg stated `(copy)` for the video stream: nothing is decoded on this path. */
  copyConfirmed = false;
  readonly exited: Promise<CopyProcessEnd>;
  private resolveExit!: (e: CopyProcessEnd) => void;

  constructor(private readonly o: CopyProcessOptions) {
    this.exited = new Promise((r) => (this.resolveExit = r));
    this.stderr = new StderrLines((line) => this.onLine(line));
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  get running(): boolean {
    return this.proc !== null;
  }

  start(): void {
    const proc = spawn('ffmpeg', this.o.args, { stdio: ['pipe', 'ignore', 'pipe'] });
    this.proc = proc;
    if (proc.pid !== undefined) {
      this.pidFile = writePidFile(this.o.dataDir, { pid: proc.pid, camera: this.o.camera, dir: this.o.runDir, startedAt: Date.now() });
    }
    proc.stdin?.on('error', () => undefined); // EPIPE once ffmpeg is gone
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (d: string) => this.stderr.push(d));
    proc.on('error', (err) => this.o.log.warn({ err }, 'recorder ffmpeg could not run'));
    proc.on('close', (code, signal) => {
      this.stderr.flush();
      this.proc = null;
      if (this.pidFile) removePidFile(this.pidFile);
      this.resolveExit({ code, signal, lines: [...this.stderr.tail] });
    });
  }

  /** Asks ffmpeg to finish the current segment and exit; escalates if it does not. */
  async stop(graceMs = 4000, killMs = 10_000): Promise<CopyProcessEnd> {
    const proc = this.proc;
    if (proc) {
      proc.stdin?.write('q');
      proc.stdin?.end();
      const t1 = setTimeout(() => proc.kill('SIGINT'), graceMs);
      const t2 = setTimeout(() => proc.kill('SIGKILL'), killMs);
      void this.exited.finally(() => {
        clearTimeout(t1);
        clearTimeout(t2);
      });
    }
    return this.exited;
  }

  /** Hard stop (stuck process): the segment being written is lost. */
  kill(): void {
    this.proc?.kill('SIGKILL');
  }

  private onLine(line: string): void {
    const start = parseInputStart(line);
    if (start !== null) this.o.onInputStart(start);
    if (isCopyMapping(line)) this.copyConfirmed = true;
    this.o.log.debug({ source: 'recorder-ffmpeg' }, line);
  }
}

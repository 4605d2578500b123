// A real RTSP camera on 127.0.0.1 for tests: GStreamer's RTSP server serving MP4 files in a loop
// (scripts/rtsp/rtsp-test-camera.py). It can be stopped and started again on the same port.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../../server/src/lib/paths';
import { freePort } from './net';

// From the checkout root, so the compiled copy (dist/test/helpers, used by benchmarks) finds it too.
const SCRIPT = path.join(ROOT, 'scripts', 'rtsp', 'rtsp-test-camera.py');

export interface RtspCameraOptions {
  /** path → MP4 (H.264) file */
  streams: Record<string, string>;
  user?: string;
  password?: string;
  port?: number;
}

export class RtspTestCamera {
  port = 0;
  private proc: ChildProcess | null = null;

  constructor(private readonly opts: RtspCameraOptions) {}

  url(streamPath: string, withAuth = true): string {
    const auth = withAuth && this.opts.user ? `${this.opts.user}:${this.opts.password ?? ''}@` : '';
    return `rtsp://${auth}127.0.0.1:${this.port}/${streamPath}`;
  }

  async start(): Promise<void> {
    if (!this.port) this.port = this.opts.port ?? (await freePort());
    const args = [SCRIPT, '--port', String(this.port)];
    for (const [p, file] of Object.entries(this.opts.streams)) args.push('--path', p, '--file', file);
    if (this.opts.user) args.push('--user', this.opts.user, '--password', this.opts.password ?? '');
    const proc = spawn('/usr/bin/python3', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`RTSP test camera did not start: ${out}`)), 15_000);
      proc.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('READY')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`RTSP test camera exited (${code}): ${out}`));
      });
    });
  }

  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });
  }
}

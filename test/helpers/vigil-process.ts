// Runs the real `vigil start` as a child process with a config file in a temp folder, for
// integration tests over real HTTP/WebSocket on 127.0.0.1.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../server/src/lib/paths';
import { freePort, waitFor } from './net';
import { tempDir } from './fixtures';

// From the checkout root, so the compiled copy (dist/test/helpers, used by benchmarks) finds it too.
const BIN = path.join(ROOT, 'bin', 'vigil.js');

export interface VigilProcessOptions {
  /** YAML config text; `${PORT}` and `${DATA}` are replaced. `server.host` should be 127.0.0.1. */
  config: string;
  env?: NodeJS.ProcessEnv;
  dir?: string;
}

export class VigilProcess {
  port = 0;
  readonly dir: string;
  readonly dataDir: string;
  proc: ChildProcess | null = null;
  logs = '';

  constructor(private readonly opts: VigilProcessOptions) {
    this.dir = opts.dir ?? tempDir('server');
    this.dataDir = path.join(this.dir, 'data');
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    const cfgFile = path.join(this.dir, 'vigil.yml');
    fs.writeFileSync(cfgFile, this.opts.config.replaceAll('${PORT}', String(this.port)).replaceAll('${DATA}', this.dataDir));
    const proc = spawn(process.execPath, [BIN, 'start', '--config', cfgFile], {
      env: { ...process.env, VIGIL_LOG_LEVEL: 'debug', ...this.opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    proc.stdout?.on('data', (d: Buffer) => (this.logs += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (this.logs += d.toString()));
    await waitFor(`vigil on port ${this.port}`, async () => {
      if (proc.exitCode !== null) throw new Error(`vigil exited (${proc.exitCode}):\n${this.logs.slice(-3000)}`);
      const r = await fetch(`${this.url}/api/health`);
      return r.ok;
    }, 60_000);
  }

  /** Child processes of the server (capture processes, ffmpeg recorders). */
  children(): number[] {
    if (!this.proc?.pid) return [];
    try {
      return execFileSync('pgrep', ['-P', String(this.proc.pid)]).toString().trim().split('\n').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  }

  /** SIGTERM and wait; returns the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return p?.exitCode ?? null;
    const code = await new Promise<number | null>((resolve) => {
      p.once('exit', (c) => resolve(c));
      p.kill(signal);
    });
    this.proc = null;
    return code;
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

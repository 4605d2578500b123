// Debian's `motion` daemon (4.5) as a peer: reads the same RTSP stream and runs its own motion
// detection, writing nothing (no pictures, movies, stream or web control), from a config file in
// a temp folder.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../../test/helpers/fixtures';
import type { BenchScope } from './scope';

export interface MotionDaemonOptions {
  url: string;
  width: number;
  height: number;
  /** Frames per second motion analyses (its `framerate`). */
  fps: number;
}

export class MotionDaemon {
  private constructor(readonly proc: ChildProcess, readonly dir: string) {}

  static start(scope: BenchScope, o: MotionDaemonOptions): MotionDaemon {
    const dir = tempDir('bench-motion');
    const conf = path.join(dir, 'motion.conf');
    fs.writeFileSync(
      conf,
      [
        'daemon off',
        'setup_mode off',
        `log_file ${path.join(dir, 'motion.log')}`,
        'log_level 6',
        `target_dir ${dir}`,
        `netcam_url ${o.url}`,
        'netcam_params rtsp_transport=tcp',
        // The stream's own size: motion would otherwise rescale every frame to 640x480.
        `width ${o.width}`,
        `height ${o.height}`,
        `framerate ${o.fps}`,
        'picture_output off',
        'movie_output off',
        'webcontrol_port 0',
        'stream_port 0',
        '',
      ].join('\n'),
    );
    const proc = spawn('/usr/bin/motion', ['-n', '-c', conf], { stdio: 'ignore', cwd: dir });
    const daemon = new MotionDaemon(proc, dir);
    scope.add(daemon, (d) => d.stop());
    return daemon;
  }

  get pid(): number {
    if (!this.proc.pid) throw new Error('motion did not start');
    return this.proc.pid;
  }

  /** Motion's log so far (connection problems show up here). */
  log(): string {
    try {
      return fs.readFileSync(path.join(this.dir, 'motion.log'), 'utf8');
    } catch {
      return '';
    }
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (p.exitCode === null && p.signalCode === null) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => p.kill('SIGKILL'), 5000);
        p.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        p.kill('SIGTERM');
      });
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

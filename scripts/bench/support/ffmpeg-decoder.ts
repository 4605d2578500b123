// The physical floor for decoding a stream: a bare `ffmpeg` that decodes it and throws the frames
// away, with its decoded frame count read from `-progress` so the benchmark can check that it did
// the same work as Vigil. `-fps_mode passthrough`: the test camera restarts its timestamps at each
// loop, and the default constant-rate output would drop frames for a whole loop after that.
import { spawn, type ChildProcess } from 'node:child_process';
import type { BenchScope } from './scope';

export class FfmpegDecoder {
  frames = 0;
  private constructor(readonly proc: ChildProcess) {
    let carry = '';
    proc.stdout?.setEncoding('utf8');
    proc.stdout?.on('data', (d: string) => {
      const lines = (carry + d).split('\n');
      carry = lines.pop() ?? '';
      for (const l of lines) if (l.startsWith('frame=')) this.frames = Number(l.slice(6)) || this.frames;
    });
  }

  /** Decodes `url` (RTSP over TCP) to nothing, in real time because the source is live. */
  static start(scope: BenchScope, url: string, extraInput: string[] = []): FfmpegDecoder {
    const args = ['-hide_banner', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-rtsp_transport', 'tcp', ...extraInput, '-i', url, '-map', '0:v:0', '-fps_mode', 'passthrough', '-f', 'null', '-'];
    const proc = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'ignore'] });
    const dec = new FfmpegDecoder(proc);
    scope.add(proc, (p) => {
      if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    });
    return dec;
  }

  get pid(): number {
    if (!this.proc.pid) throw new Error('ffmpeg did not start');
    return this.proc.pid;
  }
}

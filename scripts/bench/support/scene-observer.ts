// An independent observer of a camera stream: a separate ffmpeg decodes the same RTSP stream
// (small grey frames, low-delay options, one thread so it holds no frames back) and every frame
// is compared with the empty scene. The arrival time here of the first frame that shows people
// after empty ones is the reference "people appear" moment for event latency.
import { execFileSync, spawn } from 'node:child_process';
import type { BenchScope } from './scope';

const W = 320;
const H = 180;
/** A pixel differs from the empty scene when its grey value is off by more than this. */
const PIXEL_DIFF = 40;
/** Frames with more differing pixels than this show people (empty frames measure 0, people ~900). */
const PEOPLE_PIXELS = 200;

function grey(args: string[]): Buffer {
  return execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...args, '-vf', `scale=${W}:${H}`, '-pix_fmt', 'gray', '-f', 'rawvideo', '-'], { maxBuffer: 64 * 1024 * 1024 });
}

/** Differing pixels between a frame and the reference (pure). */
export function changedPixels(frame: Uint8Array, ref: Uint8Array, threshold = PIXEL_DIFF): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) if (Math.abs((frame[i] as number) - (ref[i] as number)) > threshold) n++;
  return n;
}

export class SceneObserver {
  /** Arrival times (epoch ms) of the first people frame after at least one empty frame. */
  readonly appearances: number[] = [];
  frames = 0;
  private lastEmpty = false;

  private constructor(private readonly ref: Buffer) {}

  static start(scope: BenchScope, url: string, emptyScene: string): SceneObserver {
    const obs = new SceneObserver(grey(['-i', emptyScene]));
    const frameBytes = W * H;
    const proc = spawn(
      'ffmpeg',
      ['-hide_banner', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-fflags', 'nobuffer', '-flags', 'low_delay', '-threads', '1', '-i', url, '-map', '0:v:0', '-fps_mode', 'passthrough', '-vf', `scale=${W}:${H}`, '-pix_fmt', 'gray', '-f', 'rawvideo', '-'],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    scope.add(proc, (p) => {
      if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    });
    let pending: Buffer = Buffer.alloc(0);
    proc.stdout.on('data', (d: Buffer) => {
      const at = Date.now();
      pending = pending.length === 0 ? d : Buffer.concat([pending, d]);
      while (pending.length >= frameBytes) {
        obs.onFrame(pending.subarray(0, frameBytes), at);
        pending = pending.subarray(frameBytes);
      }
    });
    return obs;
  }

  private onFrame(frame: Uint8Array, at: number): void {
    this.frames++;
    const people = changedPixels(frame, this.ref) > PEOPLE_PIXELS;
    if (people && this.lastEmpty) this.appearances.push(at);
    this.lastEmpty = !people;
  }
}

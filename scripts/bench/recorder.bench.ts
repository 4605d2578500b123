// Recording benchmark: CPU of the recorder's own ffmpeg commands per camera, and clip assembly time.
// copy: stream copy of a local RTSP camera (GStreamer test server); pipe: the live H.264 encoder fed
// raw 768x576 BGR frames at 10 fps (decoded by a separate ffmpeg, not counted); clip: 60 s cut out
// of 10 s segments. Prints JSON. Run after a build (needs ffmpeg, /usr/bin/python3 with GStreamer):
//   node dist/scripts/bench/recorder.bench.js            (BENCH_SECONDS=20 by default)
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { assembleClip } from '../../server/src/events/clips';
import { copyRecorderArgs, encoderRecorderSpec, runFiles } from '../../server/src/events/recorder-args';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';
const TICKS = 100; // USER_HZ on Linux

function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `proc` for SECONDS, returns its CPU use in percent of one core. */
async function measure(proc: ChildProcess): Promise<number> {
  await sleep(3000); // past start-up and probing
  const c0 = cpuSeconds(proc.pid!);
  const t0 = Date.now();
  await sleep(SECONDS * 1000);
  const pct = ((cpuSeconds(proc.pid!) - c0) / ((Date.now() - t0) / 1000)) * 100;
  return Math.round(pct * 10) / 10;
}

function h264(dir: string, seconds: number): string {
  const out = path.join(dir, 'vtest-h264.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-i', VTEST, '-t', String(seconds), '-c:v', 'libx264', '-preset', 'veryfast', '-g', '20', '-bf', '0', '-pix_fmt', 'yuv420p', out]);
  return out;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-recorder-'));
  const out: Record<string, unknown> = { seconds: SECONDS, node: process.version, cpus: os.cpus().length, load_before: os.loadavg()[0] };
  const kill: ChildProcess[] = [];
  try {
    const source = h264(dir, 80);
    const port = await freePort();
    const script = path.join(__dirname, '..', '..', '..', 'scripts', 'rtsp', 'rtsp-test-camera.py');
    const cam = spawn('/usr/bin/python3', [script, '--port', String(port), '--path', 'cam', '--file', source], { stdio: ['ignore', 'pipe', 'ignore'] });
    kill.push(cam);
    await new Promise<void>((resolve) => cam.stdout?.on('data', (d: Buffer) => d.toString().includes('READY') && resolve()));

    const copyDir = path.join(dir, 'copy');
    fs.mkdirSync(copyDir);
    const copy = copyRecorderArgs({ url: `rtsp://127.0.0.1:${port}/cam`, rtspTransport: 'tcp', segmentSeconds: 10, files: runFiles(copyDir) });
    const copyProc = spawn('ffmpeg', copy.args, { stdio: ['pipe', 'ignore', 'ignore'] });
    kill.push(copyProc);
    out.copy_cpu_percent = await measure(copyProc);
    copyProc.kill('SIGKILL');

    for (const preset of ['ultrafast', 'veryfast'] as const) {
      const pipeDir = path.join(dir, `pipe-${preset}`);
      fs.mkdirSync(pipeDir);
      const { spec } = encoderRecorderSpec({ preset, fps: 10, segmentSeconds: 10, files: runFiles(pipeDir), replayEpochMs: null });
      // Same input options as capture/encoder-sink.ts in live (wall-clock) mode.
      const enc = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-use_wallclock_as_timestamps', '1', '-f', 'rawvideo', '-pix_fmt', 'bgr24', '-s', '768x576', '-framerate', '1000', '-i', 'pipe:0', ...spec.outputArgs], { stdio: ['pipe', 'ignore', 'ignore'] });
      const feed = spawn('ffmpeg', ['-v', 'error', '-re', '-stream_loop', '-1', '-i', VTEST, '-f', 'rawvideo', '-pix_fmt', 'bgr24', '-'], { stdio: ['ignore', 'pipe', 'ignore'] });
      kill.push(enc, feed);
      feed.stdout?.pipe(enc.stdin!);
      enc.stdin?.on('error', () => undefined);
      out[`pipe_${preset}_cpu_percent`] = await measure(enc);
      feed.kill('SIGKILL');
      enc.kill('SIGKILL');
    }

    const segDir = path.join(dir, 'segments');
    fs.mkdirSync(segDir);
    execFileSync('ffmpeg', ['-v', 'error', '-i', source, '-map', '0:v', '-c', 'copy', '-f', 'segment', '-segment_time', '10', '-reset_timestamps', '1', path.join(segDir, 's%02d.mp4')]);
    const segments = fs.readdirSync(segDir).sort().map((n, i) => ({ path: path.join(segDir, n), start: 1e9 + 10 * i, end: 1e9 + 10 * (i + 1) }));
    const t = process.hrtime.bigint();
    const clip = await assembleClip({ segments, from: 1e9 + 5, to: 1e9 + 65, out: path.join(dir, 'clip.mp4') });
    out.clip_60s_ms = Math.round(Number(process.hrtime.bigint() - t) / 1e6);
    out.clip_60s_duration = clip.duration;
    out.clip_60s_bytes = clip.bytes;
    out.load_after = os.loadavg()[0];
  } finally {
    for (const p of kill) if (p.exitCode === null) p.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

void main();

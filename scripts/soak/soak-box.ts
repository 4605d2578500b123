// What a soak run drives: a local RTSP camera (GStreamer test server) serving copies of the demo
// video, and the real `vigil start` with the demo file camera plus the RTSP copies, in a temp
// folder. Everything on 127.0.0.1; nothing is downloaded.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_VIDEO, ROOT } from '../../server/src/lib/paths';
import { freePort } from '../../test/helpers/net';


/** The demo video as H.264 in MP4 (what an IP camera sends), made once and cached. */
export function h264Copy(): string {
  const dir = path.join(os.tmpdir(), 'vigil-soak-media');
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, 'vtest-h264.mp4');
  if (fs.existsSync(out)) return out;
  const tmp = `${out}.${process.pid}.tmp.mp4`;
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', DEMO_VIDEO, '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-g', '20', '-bf', '0', '-pix_fmt', 'yuv420p', '-an', tmp]);
  fs.renameSync(tmp, out);
  return out;
}

function waitForLine(proc: ChildProcess, marker: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no "${marker}" within ${timeoutMs} ms: ${out.slice(-2000)}`)), timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes(marker)) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before "${marker}": ${out.slice(-2000)}`));
    });
  });
}

export interface SoakBoxOptions {
  rtspCameras: number;
  detect: boolean;
  dir: string;
}

export class SoakBox {
  rtsp: ChildProcess | null = null;
  vigil: ChildProcess | null = null;
  port = 0;
  readonly dataDir: string;
  readonly logFile: string;

  constructor(private readonly o: SoakBoxOptions) {
    this.dataDir = path.join(o.dir, 'data');
    this.logFile = path.join(o.dir, 'vigil.log');
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  cameraNames(): string[] {
    return ['demo', ...Array.from({ length: this.o.rtspCameras }, (_, i) => `rtsp${i + 1}`)];
  }

  async start(): Promise<void> {
    const media = h264Copy();
    const rtspPort = await freePort();
    const args = [path.join(ROOT, 'scripts', 'rtsp', 'rtsp-test-camera.py'), '--port', String(rtspPort)];
    for (let i = 1; i <= this.o.rtspCameras; i++) args.push('--path', `cam${i}`, '--file', media);
    this.rtsp = spawn('/usr/bin/python3', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    await waitForLine(this.rtsp, 'READY', 20_000);

    this.port = await freePort();
    const detect = this.o.detect ? '' : ', detect: { enabled: false }';
    const cams = [
      `  demo: { source: "file://${DEMO_VIDEO}"${detect} }`,
      ...Array.from({ length: this.o.rtspCameras }, (_, i) => `  rtsp${i + 1}: { source: "rtsp://127.0.0.1:${rtspPort}/cam${i + 1}"${detect} }`),
    ];
    const config = [
      `server: { host: 127.0.0.1, port: ${this.port} }`,
      `storage: { path: ${JSON.stringify(this.dataDir)}, retention_interval_s: 60 }`,
      'auth: { enabled: false }',
      'detector: { threads: 1 }',
      // Keep a bounded footprint on disk however long the soak runs.
      'record: { segment_seconds: 10, continuous: { days: 0.01 }, events: { days: 0.02 } }',
      'cameras:',
      ...cams,
      '',
    ].join('\n');
    const cfgFile = path.join(this.o.dir, 'vigil.yml');
    fs.writeFileSync(cfgFile, config);
    const log = fs.openSync(this.logFile, 'a');
    this.vigil = spawn(process.execPath, [path.join(ROOT, 'bin', 'vigil.js'), 'start', '--config', cfgFile], { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    const until = Date.now() + 120_000;
    for (;;) {
      if (this.vigil.exitCode !== null) throw new Error(`vigil exited (${this.vigil.exitCode}); see ${this.logFile}`);
      try {
        if ((await fetch(`${this.url}/api/health`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > until) throw new Error(`vigil did not answer within 120 s; see ${this.logFile}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** SIGTERM, then SIGKILL after 30 s; resolves the exit code. */
  async stop(): Promise<number | null> {
    const stopOne = (p: ChildProcess | null, graceMs: number) =>
      new Promise<number | null>((resolve) => {
        if (!p || p.exitCode !== null || p.signalCode !== null) return resolve(p?.exitCode ?? null);
        const t = setTimeout(() => p.kill('SIGKILL'), graceMs);
        p.once('exit', (code) => {
          clearTimeout(t);
          resolve(code);
        });
        p.kill('SIGTERM');
      });
    const code = await stopOne(this.vigil, 30_000);
    await stopOne(this.rtsp, 5000);
    return code;
  }
}

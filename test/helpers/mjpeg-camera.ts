// A real MJPEG-over-HTTP camera on 127.0.0.1 (multipart/x-mixed-replace, like cheap IP cameras),
// streaming frames of vtest.avi; it can go away and come back on the same port.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fixture, VTEST } from './fixtures';

/** The first `count` frames of vtest.avi as JPEGs (made once by ffmpeg, split at JPEG markers). */
export function vtestJpegs(count = 60): Buffer[] {
  const file = fixture(`vtest-${count}.mjpeg`, (out) => ['-i', VTEST, '-frames:v', String(count), '-q:v', '5', '-f', 'mjpeg', out]);
  const data = fs.readFileSync(file);
  const frames: Buffer[] = [];
  let start = -1;
  for (let i = 0; i + 1 < data.length; i += 1) {
    if (data[i] !== 0xff) continue;
    if (data[i + 1] === 0xd8 && start < 0) start = i;
    else if (data[i + 1] === 0xd9 && start >= 0) {
      frames.push(data.subarray(start, i + 2));
      start = -1;
    }
  }
  if (frames.length === 0) throw new Error(`no JPEG frames in ${file}`);
  return frames;
}

export class MjpegCamera {
  port = 0;
  private server: http.Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly frames: Buffer[];

  constructor(private readonly fps = 10) {
    this.frames = vtestJpegs();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/video.mjpeg`;
  }

  async start(port = this.port): Promise<void> {
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'multipart/x-mixed-replace; boundary=vigilframe', 'Cache-Control': 'no-store' });
      let i = 0;
      const timer = setInterval(() => {
        const jpeg = this.frames[i % this.frames.length] as Buffer;
        i += 1;
        res.write(`--vigilframe\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`);
        res.write(jpeg);
        res.write('\r\n');
      }, 1000 / this.fps);
      res.on('close', () => clearInterval(timer));
    });
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** The camera vanishes: open streams are cut, new connections are refused. */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    for (const sock of this.sockets) sock.destroy();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

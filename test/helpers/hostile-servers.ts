// Network camera sources that misbehave, on 127.0.0.1: a TCP peer that answers with random
// bytes, one that accepts and never answers, and HTTP servers that answer 404 or an endless
// stream of garbage under an MJPEG content type.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';

export type HostileKind = 'tcp-garbage' | 'tcp-silent' | 'http-404' | 'http-garbage';

export class HostileServer {
  port = 0;
  /** Connections seen (each reconnect attempt of a camera is one). */
  connections = 0;
  private server: net.Server | http.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(readonly kind: HostileKind) {}

  async start(): Promise<void> {
    const server = this.kind.startsWith('http') ? http.createServer((req, res) => this.onHttp(req, res)) : net.createServer((s) => this.onTcp(s));
    server.on('connection', (s: net.Socket) => {
      this.connections++;
      this.sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  private onTcp(s: net.Socket): void {
    if (this.kind === 'tcp-silent') return;
    // An RTSP client sends OPTIONS/DESCRIBE and waits for `RTSP/1.0 …`: it gets noise instead.
    s.write(randomBytes(4096));
    const t = setInterval(() => s.writable && s.write(randomBytes(2048)), 200);
    this.timers.add(t);
    s.on('close', () => {
      clearInterval(t);
      this.timers.delete(t);
    });
  }

  private onHttp(_req: http.IncomingMessage, res: http.ServerResponse): void {
    if (this.kind === 'http-404') {
      res.writeHead(404, { 'Content-Type': 'text/html' }).end('<html><body>no camera here</body></html>');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'multipart/x-mixed-replace; boundary=frame' });
    const t = setInterval(() => res.writable && res.write(randomBytes(8192)), 100);
    this.timers.add(t);
    res.on('close', () => {
      clearInterval(t);
      this.timers.delete(t);
    });
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers.clear();
    for (const s of this.sockets) s.destroy();
    const srv = this.server;
    this.server = null;
    if (srv) await new Promise<void>((resolve) => srv.close(() => resolve()));
  }
}

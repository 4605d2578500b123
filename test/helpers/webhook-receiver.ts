// A real webhook receiver on 127.0.0.1: records every request (raw body bytes, headers), dedupes
// by X-Vigil-Delivery while counting duplicates, and can answer errors, hang, or go away and
// come back on the same port.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Received {
  id: string;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  path: string;
  /** Value of `now()` when the request arrived (the test's clock). */
  at: number;
  status: number;
}

export interface ReceiverOptions {
  /** Status to answer for a request; default 200. */
  status?: (r: { id: string; count: number }) => number;
  /** Milliseconds to hold each answer (to observe concurrency); default 0. */
  holdMs?: number;
  /** Never answer (for timeouts). */
  hang?: boolean;
  now?: () => number;
}

export class WebhookReceiver {
  readonly all: Received[] = [];
  /** Attempts per delivery id (duplicates are kept in `all`). */
  readonly byId = new Map<string, number>();
  active = 0;
  maxActive = 0;
  private server: http.Server | null = null;
  private sockets = new Set<Socket>();
  port = 0;

  constructor(private opts: ReceiverOptions = {}) {}

  set options(o: ReceiverOptions) {
    this.opts = o;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Unique delivery ids that got a 2xx answer. */
  get delivered(): string[] {
    return [...new Set(this.all.filter((r) => r.status >= 200 && r.status < 300).map((r) => r.id))];
  }

  async start(port = this.port): Promise<void> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const id = String(req.headers['x-vigil-delivery'] ?? '');
        const count = (this.byId.get(id) ?? 0) + 1;
        this.byId.set(id, count);
        // A hung request is recorded with status 0: it never got an answer.
        const status = this.opts.hang ? 0 : (this.opts.status?.({ id, count }) ?? 200);
        this.all.push({ id, headers: req.headers, raw: Buffer.concat(chunks), path: req.url ?? '', at: this.opts.now?.() ?? Date.now(), status });
        if (this.opts.hang) return;
        this.active++;
        this.maxActive = Math.max(this.maxActive, this.active);
        setTimeout(() => {
          this.active--;
          res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
        }, this.opts.holdMs ?? 0);
      });
    });
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Goes away: closes the listener and every open connection (connection refused from now). */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    for (const sock of this.sockets) sock.destroy();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  json(r: Received): Record<string, unknown> {
    return JSON.parse(r.raw.toString('utf8')) as Record<string, unknown>;
  }
}

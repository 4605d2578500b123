// The live WebSocket `/ws` on the HTTP server: authenticated upgrades, a `hello` with every
// camera's state (then the current stats and motion states), bus messages fanned out as
// `{topic, payload}` (events, stats, camera_state, <camera>/motion), live frames on subscription,
// and ping/pong to find dead connections.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { VigilBusEvents } from '../contracts/bus-events';
import type { StatsSnapshot } from '../contracts/domain';
import type { CameraStatePayload, ServerMessage } from '../contracts/ws-messages';
import type { EventBus } from '../lib/event-bus';
import type { Logger } from '../lib/logger';
import type { LiveBroadcaster } from './live-broadcaster';
import { DEFAULT_LIMITS, WsConnection, type ConnectionLimits, type LiveCounters } from './ws-connection';

export const WS_PATH = '/ws';
/** Largest frame the socket accepts at all; bigger ones close it (1009). Smaller oversized ones get an error reply. */
export const WS_MAX_PAYLOAD = 64 * 1024;

export interface WsServerOptions {
  server: Server;
  /** The caller of an upgrade, or null to refuse it with 401 (auth.authenticateUpgrade). */
  authenticate(req: IncomingMessage): { username: string } | null;
  broadcaster: LiveBroadcaster;
  bus: EventBus<VigilBusEvents>;
  /** Every camera's current state (hello, and fps for camera_state). */
  cameras(): CameraStatePayload[];
  stats(): StatsSnapshot;
  version: string;
  log: Logger;
  /** Ping every this many ms; a client that did not answer the previous ping is dropped. @default 30000 */
  pingIntervalMs?: number;
  /** @default 64 */
  maxClients?: number;
  limits?: Partial<ConnectionLimits>;
}

/** Live view figures for /metrics. */
export interface LiveServerStats {
  clients: number;
  subscriptions: number;
  frames_sent: number;
  frames_dropped: number;
  max_buffered_bytes: number;
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export class LiveWsServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD, perMessageDeflate: false, clientTracking: false });
  private readonly clients = new Set<WsConnection>();
  private readonly counters: LiveCounters = { framesSent: 0, framesDropped: 0 };
  private readonly limits: ConnectionLimits;
  private readonly offBus: Array<() => void> = [];
  private pinger: NodeJS.Timeout | null = null;
  /** Last motion state per camera, sent to each new client like an MQTT retained message. */
  private readonly motion = new Map<string, boolean>();
  private readonly log: Logger;
  private closed = false;

  constructor(private readonly o: WsServerOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...o.limits };
    this.log = o.log.child({ module: 'ws' });
  }

  start(): void {
    this.o.server.on('upgrade', this.onUpgrade);
    const bus = this.o.bus;
    this.offBus.push(
      bus.on('event', (m) => this.broadcast({ topic: 'events', payload: m })),
      bus.on('stats', (s) => this.broadcast({ topic: 'stats', payload: s })),
      bus.on('camera.motion', (m) => {
        this.motion.set(m.camera, m.active);
        this.broadcast({ topic: `${m.camera}/motion`, payload: m.active ? 'ON' : 'OFF' });
      }),
      bus.on('camera.state', (c) => {
        const fps = this.o.cameras().find((x) => x.camera === c.camera)?.fps ?? 0;
        this.broadcast({ topic: 'camera_state', payload: { camera: c.camera, state: c.state, reason: c.reason, fps } });
      }),
    );
    const every = this.o.pingIntervalMs ?? 30_000;
    this.pinger = setInterval(() => this.pingAll(), every);
    this.pinger.unref();
  }

  stats(): LiveServerStats {
    let subscriptions = 0;
    let maxBuffered = 0;
    for (const c of this.clients) {
      subscriptions += c.subscriptions;
      maxBuffered = Math.max(maxBuffered, c.buffered);
    }
    return { clients: this.clients.size, subscriptions, frames_sent: this.counters.framesSent, frames_dropped: this.counters.framesDropped, max_buffered_bytes: maxBuffered };
  }

  /** Closes every client (1001 going away) and stops listening for upgrades. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.o.server.off('upgrade', this.onUpgrade);
    for (const off of this.offBus) off();
    if (this.pinger) clearInterval(this.pinger);
    const sockets = [...this.clients].map((c) => c.ws);
    for (const c of this.clients) c.dispose();
    await Promise.all(
      sockets.map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === ws.CLOSED) return resolve();
            const t = setTimeout(() => ws.terminate(), 1000);
            ws.once('close', () => {
              clearTimeout(t);
              resolve();
            });
            ws.close(1001, 'server shutting down');
          }),
      ),
    );
    this.clients.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      return refuse(socket, 400, 'Bad Request');
    }
    if (path !== WS_PATH) return refuse(socket, 404, 'Not Found');
    if (this.closed) return refuse(socket, 503, 'Service Unavailable');
    const who = this.o.authenticate(req);
    if (!who) return refuse(socket, 401, 'Unauthorized');
    if (this.clients.size >= (this.o.maxClients ?? 64)) return refuse(socket, 503, 'Service Unavailable');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, who.username));
  };

  private onConnection(ws: WebSocket, user: string): void {
    const conn = new WsConnection(ws, user, this.o.broadcaster, this.counters, this.limits, this.log);
    this.clients.add(conn);
    ws.on('close', () => {
      conn.dispose();
      this.clients.delete(conn);
    });
    // Oversized frames (WS_MAX_PAYLOAD) and protocol errors: ws closes the socket itself.
    ws.on('error', (err) => this.log.debug({ err: err.message, user }, 'live client error'));
    conn.send({ topic: 'hello', payload: { version: this.o.version, cameras: this.o.cameras(), user } });
    for (const [camera, active] of this.motion) conn.send({ topic: `${camera}/motion`, payload: active ? 'ON' : 'OFF' });
    try {
      conn.send({ topic: 'stats', payload: this.o.stats() });
    } catch (e) {
      this.log.warn({ err: e }, 'stats for a new live client failed');
    }
  }

  private broadcast(msg: ServerMessage): void {
    if (this.clients.size === 0) return;
    const text = JSON.stringify(msg);
    for (const c of [...this.clients]) c.send(text);
  }

  private pingAll(): void {
    for (const c of [...this.clients]) {
      if (!c.alive) {
        this.log.debug({ user: c.user }, 'live client did not answer the ping: closing it');
        c.dispose();
        this.clients.delete(c);
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      try {
        c.ws.ping();
      } catch {
        // The socket is already going; its close handler cleans up.
      }
    }
  }
}

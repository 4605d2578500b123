// One WebSocket client: its live subscriptions (one per camera, own fps and height), what it sends
// us, and what we send it. Memory per client is bounded: a live frame is skipped while the
// previous one is still being encoded for it or while more than `frameBufferBytes` wait unsent;
// a client whose backlog passes `hardBufferBytes` (it stopped reading text too) is disconnected.
import WebSocket from 'ws';
import type { ServerMessage } from '../contracts/ws-messages';
import { errorMessage, isAppError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { parseClientMessage } from './client-messages';
import type { LiveFrame } from './frame-encoder-cache';
import type { LiveBroadcaster, LiveViewerHandle } from './live-broadcaster';

export interface ConnectionLimits {
  /** Unsent bytes above which live frames are skipped for this client. */
  frameBufferBytes: number;
  /** Unsent bytes above which the client is disconnected. */
  hardBufferBytes: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = { frameBufferBytes: 1024 * 1024, hardBufferBytes: 8 * 1024 * 1024 };

/** Counters shared by every connection of a server (metrics). */
export interface LiveCounters {
  framesSent: number;
  framesDropped: number;
}

interface Subscription {
  camera: string;
  fps: number;
  height: number;
  viewer: LiveViewerHandle;
  /** A frame is being encoded or queued for this subscription. */
  busy: boolean;
}

export class WsConnection {
  /** Set on every pong or message; cleared by each ping round. */
  alive = true;
  private readonly subs = new Map<string, Subscription>();
  private closed = false;

  constructor(
    readonly ws: WebSocket,
    readonly user: string | null,
    private readonly broadcaster: LiveBroadcaster,
    private readonly counters: LiveCounters,
    private readonly limits: ConnectionLimits,
    private readonly log: Logger,
  ) {
    ws.on('pong', () => (this.alive = true));
    ws.on('message', (data, isBinary) => {
      this.alive = true;
      this.onMessage(data as Buffer | ArrayBuffer | Buffer[], isBinary);
    });
  }

  get subscriptions(): number {
    return this.subs.size;
  }

  get buffered(): number {
    return this.ws.bufferedAmount;
  }

  /** Sends a JSON message (already serialised when broadcast). False when the client was dropped. */
  send(msg: ServerMessage | string): boolean {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return false;
    if (this.ws.bufferedAmount > this.limits.hardBufferBytes) {
      this.log.warn({ user: this.user, buffered: this.ws.bufferedAmount }, 'live client stopped reading: disconnecting it');
      this.ws.terminate();
      this.dispose();
      return false;
    }
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
    return true;
  }

  /** Ends every subscription (the socket closed or is being closed). */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.subs.values()) s.viewer.close();
    this.subs.clear();
  }

  private error(code: string, message: string): void {
    this.send({ topic: 'error', payload: { code, message } });
  }

  private onMessage(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    const r = parseClientMessage(data, isBinary);
    if (!r.ok) return this.error(r.code, r.message);
    const m = r.message;
    try {
      if (m.action === 'ping') this.send({ topic: 'pong', payload: { time: Date.now() / 1000 } });
      else if (m.action === 'subscribe') this.subscribe(m.camera, m.fps, m.height);
      else this.unsubscribe(m.camera);
    } catch (e) {
      this.error(isAppError(e) ? e.code : 'internal', errorMessage(e));
    }
  }

  private subscribe(camera: string, fps: number, height: number): void {
    if (this.closed) return;
    const had = this.subs.get(camera);
    if (had) {
      had.fps = fps;
      had.height = height;
      had.viewer.update(fps);
    } else {
      // Frames arrive asynchronously (from the capture process), so `sub` exists by then.
      const viewer = this.broadcaster.watch(camera, fps, (frame) => this.deliver(sub, frame));
      const sub: Subscription = { camera, fps, height, busy: false, viewer };
      this.subs.set(camera, sub);
    }
    this.send({ topic: 'subscribed', payload: { camera, fps, height } });
  }

  private unsubscribe(camera: string): void {
    const s = this.subs.get(camera);
    if (s) {
      s.viewer.close();
      this.subs.delete(camera);
    }
    this.send({ topic: 'unsubscribed', payload: { camera } });
  }

  private deliver(sub: Subscription, frame: LiveFrame): void {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return;
    if (sub.busy || this.ws.bufferedAmount > this.limits.frameBufferBytes) {
      this.counters.framesDropped++;
      return;
    }
    sub.busy = true;
    frame
      .packet(sub.height)
      .then((packet) => {
        if (this.closed || this.subs.get(sub.camera) !== sub || this.ws.readyState !== WebSocket.OPEN) return;
        this.ws.send(packet, { binary: true });
        this.counters.framesSent++;
      })
      .catch((e: unknown) => this.log.warn({ err: e, camera: sub.camera }, 'live frame encoding failed'))
      .finally(() => {
        sub.busy = false;
      });
  }
}

// The one WebSocket to /ws: topic messages to listeners, live frames to the tiles that watch a
// camera (one merged subscription per camera), reconnect with backoff, and nothing streamed while
// the page is hidden.
import type { ClientMessage, ServerMessage } from '../../../server/src/contracts/ws-messages';
import { createStore, type Store } from '../state/store';
import { FramePacketError, parseLiveFrame, type LiveFrame } from './frame-packet';
import { mergeRequests, reconnectDelay, sameRequest, type FrameRequest } from './subscription-plan';

export type SocketStatus =
  | { state: 'idle' }
  | { state: 'connecting'; attempt: number }
  | { state: 'open' }
  | { state: 'waiting'; attempt: number; retryAt: number };

type Payload<T extends ServerMessage['topic']> = Extract<ServerMessage, { topic: T }>['payload'];

interface Watcher {
  request: FrameRequest;
  onFrame: (frame: LiveFrame) => void;
}

export interface FrameWatch {
  /** Changes what this viewer asks for (tile resized, more tiles on screen). */
  update(request: FrameRequest): void;
  close(): void;
}

const PING_MS = 25_000;
const STABLE_MS = 10_000;

export class LiveSocket {
  readonly status: Store<SocketStatus> = createStore<SocketStatus>({ state: 'idle' });
  private ws: WebSocket | null = null;
  private running = false;
  private paused = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private readonly watchers = new Map<string, Set<Watcher>>();
  /** What the server was last asked to send per camera (null entries are not kept). */
  private readonly sent = new Map<string, FrameRequest>();
  private readonly listeners = new Set<(msg: ServerMessage) => void>();

  constructor(
    private readonly url: () => string,
    /** Called after a connection attempt fails (the app checks whether the session ended). */
    private readonly onConnectFailed: (attempt: number) => void = () => {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  stop(): void {
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.dropSocket();
    this.status.set({ state: 'idle' });
  }

  /** Reconnect now instead of waiting for the backoff (the user pressed "retry"). */
  retryNow(): void {
    if (!this.running || this.ws) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.connect();
  }

  /** Page hidden: stop every live stream; visible again: resume them. */
  setPaused(paused: boolean): void {
    if (this.paused === paused) return;
    this.paused = paused;
    for (const camera of new Set([...this.watchers.keys(), ...this.sent.keys()])) this.sync(camera);
  }

  /** Every text message from the server. */
  onMessage(fn: (msg: ServerMessage) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  on<T extends 'events' | 'stats' | 'camera_state' | 'hello' | 'error' | 'subscribed'>(topic: T, fn: (payload: Payload<T>) => void): () => void {
    return this.onMessage((m) => {
      if (m.topic === topic) fn(m.payload as Payload<T>);
    });
  }

  watchFrames(camera: string, request: FrameRequest, onFrame: (frame: LiveFrame) => void): FrameWatch {
    const w: Watcher = { request, onFrame };
    let set = this.watchers.get(camera);
    if (!set) this.watchers.set(camera, (set = new Set()));
    set.add(w);
    this.sync(camera);
    return {
      update: (r) => {
        w.request = r;
        this.sync(camera);
      },
      close: () => {
        const s = this.watchers.get(camera);
        if (!s?.delete(w)) return;
        if (s.size === 0) this.watchers.delete(camera);
        this.sync(camera);
      },
    };
  }

  /** Asks the server again for a camera's frames (after it came back online). */
  resubscribe(camera: string): void {
    this.sent.delete(camera);
    this.sync(camera);
  }

  private wanted(camera: string): FrameRequest | null {
    if (this.paused) return null;
    const s = this.watchers.get(camera);
    return s ? mergeRequests([...s].map((w) => w.request)) : null;
  }

  /** Sends subscribe/unsubscribe so the server streams exactly what is wanted now. */
  private sync(camera: string): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    const want = this.wanted(camera);
    const had = this.sent.get(camera) ?? null;
    if (sameRequest(want, had)) return;
    if (want) {
      this.send({ action: 'subscribe', camera, fps: want.fps, height: want.height });
      this.sent.set(camera, want);
    } else {
      this.send({ action: 'unsubscribe', camera });
      this.sent.delete(camera);
    }
  }

  private send(msg: ClientMessage): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  private connect(): void {
    this.status.set({ state: 'connecting', attempt: this.attempt });
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url());
    } catch {
      this.scheduleRetry();
      return;
    }
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    let openedAt = 0;
    ws.onopen = () => {
      openedAt = Date.now();
      this.sent.clear();
      this.status.set({ state: 'open' });
      for (const camera of this.watchers.keys()) this.sync(camera);
      this.pingTimer = setInterval(() => this.send({ action: 'ping' }), PING_MS);
    };
    ws.onmessage = (e: MessageEvent) => this.receive(e.data);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.dropSocket();
      if (openedAt === 0) this.onConnectFailed(this.attempt);
      // A connection that lived a while was healthy even without a welcome: retry quickly.
      else if (Date.now() - openedAt > STABLE_MS) this.attempt = 0;
      if (this.running) this.scheduleRetry();
    };
  }

  private receive(data: unknown): void {
    if (data instanceof ArrayBuffer) {
      let frame: LiveFrame;
      try {
        frame = parseLiveFrame(data);
      } catch (e) {
        if (e instanceof FramePacketError) console.warn(`vigil: ${e.message}`);
        return;
      }
      for (const w of this.watchers.get(frame.header.camera) ?? []) w.onFrame(frame);
      return;
    }
    if (typeof data !== 'string') return;
    let msg: ServerMessage;
    try {
      msg = JSON.parse(data) as ServerMessage;
    } catch {
      return;
    }
    if (!msg || typeof msg.topic !== 'string') return;
    // A welcome means the connection really works: the next failure starts the backoff afresh.
    if (msg.topic === 'hello') this.attempt = 0;
    for (const l of [...this.listeners]) l(msg);
  }

  private scheduleRetry(): void {
    const delay = reconnectDelay(this.attempt);
    this.attempt += 1;
    this.status.set({ state: 'waiting', attempt: this.attempt, retryAt: Date.now() + delay });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.running) this.connect();
    }, delay);
  }

  private dropSocket(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    const ws = this.ws;
    this.ws = null;
    this.sent.clear();
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = null;
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close();
    }
  }
}

export function defaultSocketUrl(): string {
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${window.location.host}/ws`;
}

// A `ws` client for the live socket that records every text message and decodes binary frames,
// with waits on what has arrived so far.
import WebSocket from 'ws';
import type { LiveFrameHeader, ServerMessage } from '../../server/src/contracts/ws-messages';
import { decodeLivePacket } from '../../server/src/live/live-packet';
import { waitFor } from './net';

export interface ReceivedFrame {
  header: LiveFrameHeader;
  jpeg: Buffer;
  at: number;
}

export class LiveClient {
  readonly messages: ServerMessage[] = [];
  readonly frames: ReceivedFrame[] = [];
  closeCode: number | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
      if (isBinary) {
        const { header, jpeg } = decodeLivePacket(buf);
        this.frames.push({ header, jpeg, at: Date.now() });
      } else {
        this.messages.push(JSON.parse(buf.toString('utf8')) as ServerMessage);
      }
    });
    ws.on('close', (code) => (this.closeCode = code));
  }

  static connect(url: string, headers: Record<string, string> = {}): Promise<LiveClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      const client = new LiveClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => {
        reject(new Error(`upgrade refused: ${res.statusCode}`));
        res.resume();
      });
      ws.once('error', reject);
    });
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' || Buffer.isBuffer(msg) ? msg : JSON.stringify(msg));
  }

  /** The first message (from index `from`) matching `pred`. */
  next<T extends ServerMessage = ServerMessage>(pred: (m: ServerMessage) => boolean, timeoutMs = 20_000, from = 0): Promise<T> {
    return waitFor('a live message', () => this.messages.slice(from).find(pred) as T | undefined, timeoutMs, 50);
  }

  topic<T extends ServerMessage['topic']>(topic: T, timeoutMs = 20_000, from = 0): Promise<Extract<ServerMessage, { topic: T }>> {
    return this.next((m) => m.topic === topic, timeoutMs, from) as Promise<Extract<ServerMessage, { topic: T }>>;
  }

  close(): void {
    this.ws.close();
  }
}

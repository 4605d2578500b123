// A lean live-view client for benchmarks: subscribes to cameras on /ws and keeps only, per frame,
// the latency from capture (`frame_time` in the packet header, stamped by the capture process when
// it decoded the frame) to arrival here. Both clocks are this machine's wall clock.
import WebSocket from 'ws';
import { decodeLivePacket } from '../../../server/src/live/live-packet';

export interface LatencySample {
  camera: string;
  /** Arrival minus capture time, ms. */
  ms: number;
  at: number;
}

export class LiveLatencyClient {
  readonly samples: LatencySample[] = [];
  private recording = false;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (!isBinary) return;
      const at = Date.now();
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
      const { header } = decodeLivePacket(buf);
      if (this.recording) this.samples.push({ camera: header.camera, ms: at - header.frame_time * 1000, at });
    });
  }

  static connect(url: string): Promise<LiveLatencyClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      ws.once('open', () => resolve(new LiveLatencyClient(ws)));
      ws.once('error', reject);
    });
  }

  subscribe(camera: string, fps: number, height: number): void {
    this.ws.send(JSON.stringify({ action: 'subscribe', camera, fps, height }));
  }

  /** Starts (or restarts) keeping samples: frames before this are warm-up. */
  record(): void {
    this.samples.length = 0;
    this.recording = true;
  }

  stop(): void {
    this.recording = false;
  }

  close(): void {
    this.ws.close();
  }
}

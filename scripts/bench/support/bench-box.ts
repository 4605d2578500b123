// A real Vigil box (`vigil start` in its own process, with its capture children and recorders) for
// the system benchmarks, plus the local RTSP camera that feeds it. Logging is at `warn` so the
// box does not pay for debug logs; authentication is off unless a benchmark asks for it.
import type { StatsSnapshot } from '../../../server/src/contracts/domain';
import { waitFor } from '../../../test/helpers/net';
import { RtspTestCamera } from '../../../test/helpers/rtsp-camera';
import { VigilProcess } from '../../../test/helpers/vigil-process';
import type { BenchScope } from './scope';

export interface BoxOptions {
  /** YAML after the server/storage/logging/auth sections (cameras, detector, webhooks, ...). */
  yaml: string;
  /** Keep authentication on (the API benchmark uses a real token). @default false */
  auth?: boolean;
  /** Prepared folder (`<dir>/data` is the data folder). */
  dir?: string;
}

export class BenchBox {
  /** Sent with every request of this helper (an Authorization header when auth is on). */
  headers: Record<string, string> = {};

  private constructor(readonly vigil: VigilProcess) {}

  static async start(scope: BenchScope, opts: BoxOptions): Promise<BenchBox> {
    const config = [
      'server: { host: 127.0.0.1, port: ${PORT} }',
      'storage: { path: ${DATA} }',
      'logging: { level: warn }',
      `auth: { enabled: ${opts.auth === true} }`,
      opts.yaml,
    ].join('\n');
    const vigil = scope.add(new VigilProcess({ config, dir: opts.dir }), async (v) => {
      await v.stop('SIGTERM');
      v.cleanup();
    });
    await vigil.start();
    return new BenchBox(vigil);
  }

  get url(): string {
    return this.vigil.url;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.vigil.port}/ws`;
  }

  get pid(): number {
    const pid = this.vigil.proc?.pid;
    if (!pid) throw new Error('vigil is not running');
    return pid;
  }

  async get<T>(path: string): Promise<T> {
    const r = await fetch(`${this.url}${path}`, { headers: this.headers });
    if (!r.ok) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  }

  stats(): Promise<StatsSnapshot> {
    return this.get<StatsSnapshot>('/api/stats');
  }

  /** Waits until every camera is online and has processed frames. */
  async waitOnline(cameras: string[], timeoutMs = 60_000): Promise<void> {
    await waitFor(`cameras ${cameras.join(', ')} online`, async () => {
      const s = await this.stats();
      return cameras.every((c) => s.cameras[c]?.state === 'online' && (s.cameras[c]?.captured ?? 0) > 0);
    }, timeoutMs, 500);
  }
}

/** A local RTSP camera (GStreamer) serving `streams` (path → MP4) in a loop. */
export async function startRtsp(scope: BenchScope, streams: Record<string, string>): Promise<RtspTestCamera> {
  const cam = scope.add(new RtspTestCamera({ streams }), (c) => c.stop());
  await cam.start();
  return cam;
}

/** YAML of one camera reading `url`, with the given extra lines (already indented by 4). */
export function cameraYaml(name: string, url: string, extra: string[] = []): string {
  return [`  ${name}:`, `    source: ${url}`, ...extra.map((l) => `    ${l}`)].join('\n');
}

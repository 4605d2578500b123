// The real box (`vigil start`, demo camera on vtest.avi, auth on) on 127.0.0.1 with an admin and a
// viewer API token made by the real CLI, plus a small HTTP client for the API tests.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { VTEST } from '../../helpers/fixtures';
import { waitFor } from '../../helpers/net';
import { VigilProcess } from '../../helpers/vigil-process';

const BIN = path.join(__dirname, '..', '..', '..', 'bin', 'vigil.js');

/** Demo camera with a whole-frame zone; events end after at most 15 s so tests see `end` soon. */
export const BOX_CONFIG = `
server: { host: 127.0.0.1, port: \${PORT} }
storage: { path: \${DATA} }
events: { max_event_s: 15 }
detector: { threads: 1 }
cameras:
  demo:
    source: file://${VTEST}
    zones:
      yard: { coordinates: "0,0,1,0,1,1,0,1", inertia: 1 }
`;

export interface Reply {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer is JSON, else null. */
  json: unknown;
  bytes: Buffer;
}

export class Box {
  readonly vigil: VigilProcess;
  adminToken = '';
  viewerToken = '';

  /** `dir` lets a test prepare the data folder (`<dir>/data`) before the box starts. */
  constructor(config = BOX_CONFIG, dir?: string) {
    this.vigil = new VigilProcess({ config, dir });
  }

  get url(): string {
    return this.vigil.url;
  }

  get dataDir(): string {
    return this.vigil.dataDir;
  }

  /** Starts the server, makes the tokens, waits for the demo camera to be online. */
  async start(): Promise<void> {
    await this.vigil.start();
    this.adminToken = (JSON.parse(await this.cli(['token', 'create', 'admin', '--name', 'tests', '--json'])) as { token: string }).token;
    await this.cli(['user', 'add', 'vera', '--role', 'viewer', '--json']);
    this.viewerToken = (JSON.parse(await this.cli(['token', 'create', 'vera', '--json'])) as { token: string }).token;
    await waitFor('demo online', async () => {
      const r = await this.call('GET', '/api/cameras');
      return (r.json as { state: string }[])[0]?.state === 'online';
    }, 60_000);
  }

  async stop(): Promise<void> {
    await this.vigil.stop('SIGTERM');
    this.vigil.cleanup();
  }

  /** Runs the real `vigil` CLI on the server's data folder; resolves its stdout. */
  cli(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const p = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, VIGIL_DATA: this.dataDir } });
      let out = '';
      let err = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      p.stderr.on('data', (d: Buffer) => (err += d.toString()));
      p.once('error', reject);
      p.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`vigil ${args.join(' ')} exited ${code}: ${err}`))));
    });
  }

  /** An API call with the admin token unless `token` says otherwise (null = no credentials). */
  async call(method: string, urlPath: string, opts: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
    const token = opts.token === undefined ? this.adminToken : opts.token;
    const headers: Record<string, string> = { ...opts.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(`${this.url}${urlPath}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const bytes = Buffer.from(await r.arrayBuffer());
    let json: unknown = null;
    if (bytes.length > 0 && (r.headers.get('content-type') ?? '').includes('application/json')) json = JSON.parse(bytes.toString('utf8'));
    return { status: r.status, headers: r.headers, json, bytes };
  }
}

/** The error code of a JSON error answer. */
export function errorCode(r: Reply): string | undefined {
  return (r.json as { error?: { code?: string } } | null)?.error?.code;
}

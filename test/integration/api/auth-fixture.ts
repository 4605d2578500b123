// A real HTTP server on 127.0.0.1 over a real vigil.db, with the auth module mounted the way the
// composition root should mount it (see server/src/api/auth/README.md), plus a small client.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express, { Router } from 'express';
import { createAuth, type Auth } from '../../../server/src/api/auth/create-auth';
import type { ApiDeps } from '../../../server/src/api/deps';
import { errorHandler, notFoundHandler } from '../../../server/src/api/error-handler';
import { systemRoutes } from '../../../server/src/api/routes/system.routes';
import { authSchema, type AuthConfig } from '../../../server/src/config/schema';
import type { StatsSnapshot } from '../../../server/src/contracts/domain';
import { ManualClock } from '../../../server/src/lib/clock';
import { createLogger } from '../../../server/src/lib/logger';
import { closeDatabase, openDatabase, type Db } from '../../../server/src/storage/database';
import { tempDir } from '../../helpers/fixtures';

export interface AuthServerOptions {
  auth?: Partial<AuthConfig>;
  trustedProxies?: string[];
  /** Reuse a data folder (a restart); a new temp folder otherwise. */
  dataDir?: string;
}

export interface AuthServer {
  url: string;
  auth: Auth;
  db: Db;
  clock: ManualClock;
  dataDir: string;
  /** Every log line so far (JSON lines). */
  logs(): string;
  server: http.Server;
  close(opts?: { keepData?: boolean }): Promise<void>;
}

const STATS: StatsSnapshot = {
  cameras: {},
  detectors: { workers: 0, ready: 0, inference_speed: 0, inferences: 0, timeouts: 0, failures: 0, restarts: 0, queue: 0 },
  service: { uptime: 0, version: 'test', cpu_percent: 0, rss: 0, heap_used: 0, load_avg: [], storage: null },
};

/** Stand-ins for routes other modules own: one read route and one admin-only state change. */
function otherRoutes(auth: Auth): Router {
  const r = Router();
  r.get('/events', (_req, res) => {
    res.json([]);
  });
  r.delete('/events/:id', auth.requireAdmin, (req, res) => {
    res.json({ deleted: req.params.id });
  });
  return r;
}

export async function startAuthServer(opts: AuthServerOptions = {}): Promise<AuthServer> {
  const dataDir = opts.dataDir ?? tempDir('auth');
  const clock = new ManualClock(Date.now());
  const { db } = openDatabase({ dataDir, clock });
  let logText = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logText += chunk.toString();
      cb();
    },
  });
  const log = createLogger({ level: 'debug', destination: sink });
  let auth: Auth;
  try {
    auth = createAuth({ db, auth: authSchema.parse(opts.auth ?? {}), server: { trusted_proxies: opts.trustedProxies ?? [] }, log, clock });
    await auth.ensureAdmin();
  } catch (e) {
    closeDatabase(db);
    if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }

  const deps: Pick<ApiDeps, 'log' | 'version' | 'stats' | 'cameras'> = { log, version: 'test', stats: () => STATS, cameras: { list: () => [], get: () => undefined } };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', auth.trustProxy);
  app.use(auth.securityHeaders);
  const api = express.Router();
  api.use(express.json({ limit: '256kb', strict: true }));
  api.use(auth.requireAuth, auth.csrf, auth.router);
  api.use(systemRoutes(deps));
  api.use(otherRoutes(auth));
  api.use(notFoundHandler());
  app.use('/api', api);
  app.get('/', (_req, res) => {
    res.type('html').send('<!doctype html><title>vigil</title>');
  });
  app.use(errorHandler(log));

  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    auth,
    db,
    clock,
    dataDir,
    server,
    logs: () => logText,
    async close(o = {}) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      closeDatabase(db);
      if (!o.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The admin password printed on first start, read back from the log. */
export function firstAdminPassword(logs: string): string {
  const m = /with password: ([A-Za-z0-9_-]+) /.exec(logs);
  if (!m) throw new Error(`no first-start password in the log:\n${logs}`);
  return m[1] as string;
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A fetch wrapper that keeps the session cookie and CSRF token like a browser tab would. */
export class Client {
  cookie: string | null = null;
  csrf: string | null = null;

  constructor(
    private readonly base: string,
    private readonly extra: Record<string, string> = {},
  ) {}

  async call<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const h: Record<string, string> = { ...this.extra, ...headers };
    if (body !== undefined) h['content-type'] = 'application/json';
    if (this.cookie && !('cookie' in h)) h.cookie = `vigil_session=${this.cookie}`;
    if (this.csrf && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    const r = await fetch(`${this.base}${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    const set = /vigil_session=([^;]*)/.exec(r.headers.get('set-cookie') ?? '');
    if (set) this.cookie = set[1] ? (set[1] as string) : null;
    const me = parsed as { csrf_token?: unknown; session?: { csrf_token?: unknown } } | null;
    if (typeof me?.csrf_token === 'string' && me.csrf_token) this.csrf = me.csrf_token;
    if (typeof me?.session?.csrf_token === 'string') this.csrf = me.session.csrf_token;
    return { status: r.status, body: parsed as T, headers: r.headers };
  }

  login(username: string, password: string, headers: Record<string, string> = {}): Promise<Reply<Record<string, unknown>>> {
    return this.call('POST', '/api/login', { username, password }, headers);
  }
}

// The dashboard served by the real app (in this process, real HTTP): client routes get index.html
// (no-cache), hashed assets are cached for a year, the API and unknown files still answer JSON 404s.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createApp } from '../../../server/src/api/app';
import { createAuth } from '../../../server/src/api/auth/create-auth';
import type { ApiDeps } from '../../../server/src/api/deps';
import { authSchema } from '../../../server/src/config/schema';
import { AppError } from '../../../server/src/lib/errors';
import { createLogger } from '../../../server/src/lib/logger';
import { closeDatabase, openDatabase, type Db } from '../../../server/src/storage/database';
import { tempDir } from '../../helpers/fixtures';

const unused = () => {
  throw new AppError('unavailable', 'not in this test');
};

let dir: string;
let db: Db;
let base = '';
let server: http.Server;

async function serve(webDir: string): Promise<void> {
  const log = createLogger({ level: 'silent' });
  const auth = createAuth({ db, auth: authSchema.parse({ enabled: false }), server: { trusted_proxies: [] }, log });
  const deps: ApiDeps = {
    log, version: 't', dataDir: dir, stats: unused, config: () => ({}),
    cameras: { list: () => [], get: () => undefined },
    events: { list: unused, get: () => null, getThumbnail: () => null, setRetain: () => false, delete: () => false },
    manual: { createManual: unused, endManual: unused },
    recordings: { listSegments: unused, listGaps: unused },
    clips: { exportClip: unused },
    live: { watch: unused },
  };
  server = http.createServer(createApp(deps, { auth, webDir }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(() => {
  dir = tempDir('dashboard');
  db = openDatabase({ dataDir: path.join(dir, 'data') }).db;
  const web = path.join(dir, 'web');
  fs.mkdirSync(path.join(web, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Vigil</title>');
  fs.writeFileSync(path.join(web, 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(web, 'assets', 'chunk-3KXJ2ABC.js'), 'console.log(2)');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside');
});

afterEach(async () => {
  await new Promise<void>((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });
});

afterAll(() => {
  closeDatabase(db);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('dashboard', () => {
  beforeEach(() => serve(path.join(dir, 'web')));

  it('answers client routes with index.html, revalidated on every load', async () => {
    for (const p of ['/', '/events/1700000000.000000-abc123', '/cameras/front/live']) {
      const r = await fetch(`${base}${p}`);
      expect([p, r.status, r.headers.get('cache-control')]).toEqual([p, 200, 'no-cache']);
      expect(await r.text()).toContain('<title>Vigil</title>');
    }
  });

  it('caches hashed assets for a year and revalidates the rest', async () => {
    const hashed = await fetch(`${base}/assets/chunk-3KXJ2ABC.js`);
    expect([hashed.status, hashed.headers.get('cache-control')]).toEqual([200, 'public, max-age=31536000, immutable']);
    expect(hashed.headers.get('content-type')).toContain('javascript');
    const plain = await fetch(`${base}/app.js`);
    expect([plain.status, plain.headers.get('cache-control')]).toEqual([200, 'no-cache']);
    expect(plain.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('keeps JSON 404s for the API, missing files and other methods; never serves outside the folder', async () => {
    for (const [method, p] of [['GET', '/api/nothing/here/at/all'], ['GET', '/missing.js'], ['POST', '/events'], ['GET', '/metrics'], ['GET', '/..%2fsecret.txt'], ['GET', '/assets/..%2f..%2fsecret.txt']] as const) {
      const r = await fetch(`${base}${p}`, { method });
      const text = await r.text();
      expect([method, p, r.status]).toEqual([method, p, 404]);
      expect(text).not.toContain('outside');
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'not_found' } });
    }
  });
});

describe('without a built dashboard', () => {
  beforeEach(() => serve(path.join(dir, 'not-built')));

  it('says how to build it', async () => {
    const r = await fetch(`${base}/`);
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: { message: string } }).error.message).toContain('npm run build');
  });
});

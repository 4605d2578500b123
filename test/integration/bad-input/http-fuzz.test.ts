// Every route the real box documents in GET /api/openapi.json (so new routes are covered without
// editing this file) gets hostile input: malformed ids, dates and numbers, unicode, path traversal
// sent byte for byte (`..%2f`, `%2e%2e`, NUL), repeated and unknown query keys, huge and deeply
// nested JSON, wrong content types, wrong methods, no or too few credentials. Every answer must be
// below 500, errors must be `{error: {code, message}}` JSON without a stack trace or a file path,
// every response carries the security headers, and the server stays up.
import { VTEST } from '../../helpers/fixtures';
import { rawRequest, type RawReply } from '../../helpers/raw-http';
import { Box } from '../api/box-fixture';

jest.setTimeout(600_000);

const CONFIG = `
server: { host: 127.0.0.1, port: \${PORT} }
storage: { path: \${DATA} }
auth: { login_attempts: 1000 }
cameras:
  demo:
    source: file://${VTEST}
    detect: { enabled: false }
`;

/** Values for a query parameter or a (encoded) path segment. */
const HOSTILE_VALUES = [
  '', ' ', 'x', '-1', '0', '1e309', '-1e309', 'NaN', 'Infinity', '99999999999999999999999999', '0x1F', '1_000',
  '2024-13-45T25:61:00Z', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z', 'true', 'null', 'undefined', '[]', '{}',
  "' OR 1=1 --", '"; DROP TABLE events; --', '<script>alert(1)</script>', '${jndi:ldap://127.0.0.1/x}', '%s%s%n',
  '名前', '🎥📹', '\u202eadmin', 'e\u0301', 'a'.repeat(5000), '../../../../etc/passwd', '..\\..\\vigil.db', '/etc/passwd', 'a\u0000b',
];

/** Path segments sent exactly as written: traversal and broken percent-encoding. */
const RAW_SEGMENTS = [
  '..', '.', '..%2f..%2fvigil.db', '..%2F..%2F..%2Fetc%2Fpasswd', '%2e%2e', '%2e%2e%2f%2e%2e%2fvigil.db', '.%2e', '%2e.',
  '..%5c..%5cvigil.db', '%00', 'x%00.jpg', '%252e%252e%252f', '%', '%zz', '%ff%fe', '%c0%ae%c0%ae', '..;', 'events%2f..%2f..%2fvigil.db',
];

const BODIES: Array<{ name: string; body: string | Buffer; type?: string }> = [
  { name: 'malformed JSON', body: '{"a":' },
  { name: 'JSON null', body: 'null' },
  { name: 'JSON array', body: '[1,2,3]' },
  { name: 'JSON string', body: '"hello"' },
  { name: 'JSON number', body: '12' },
  { name: 'empty object', body: '{}' },
  { name: 'prototype keys', body: '{"__proto__":{"role":"admin","isAdmin":true},"constructor":{"prototype":{"x":1}}}' },
  { name: 'unicode and control characters', body: JSON.stringify({ username: '\u202eadmin', password: 'p\u0000w', sub_label: '名前🎥', role: 'ädmin', name: 'x'.repeat(10_000), hook: '1', duration: 30 }) },
  { name: 'numbers out of range', body: '{"duration":1e309,"score":-1e309,"hook":99999999999999999999,"limit":-0}' },
  { name: 'wrong types', body: JSON.stringify({ username: 1, password: [], duration: 'soon', score: '0.5', sub_label: { a: 1 }, hook: 'x', role: null }) },
  { name: 'deeply nested arrays', body: `${'['.repeat(100_000)}${']'.repeat(100_000)}` },
  { name: 'deeply nested objects', body: `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}` },
  { name: 'too large', body: JSON.stringify({ sub_label: 'x'.repeat(400_000) }) },
  { name: 'plain text', body: 'username=admin&password=x', type: 'text/plain' },
  { name: 'form encoded', body: 'username=admin&password=x', type: 'application/x-www-form-urlencoded' },
  { name: 'UTF-16 charset', body: '{}', type: 'application/json; charset=utf-16' },
  { name: 'binary', body: Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x81]), type: 'application/json' },
];

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Routes anyone may call. */
const PUBLIC = new Set(['GET /api/health', 'POST /api/login']);

interface Operation {
  method: string;
  template: string;
  pathParams: string[];
  queryParams: string[];
  hasBody: boolean;
}

interface Sent {
  what: string;
  reply: RawReply;
}

/** Secrets and internals that must never be in an answer. */
const LEAKS = [/\n\s+at .+\(.*:\d+:\d+\)/, /\bat (?:Object|Module|Layer|Route|process)\.\S+ /, /node_modules/, /\/(?:work|tmp|home|root|opt|usr)\//, /\.[jt]s:\d+/, /dist\/server/, /SqliteError|SQLITE_/];

describe('HTTP fuzzing of every documented route', () => {
  const box = new Box(CONFIG);
  const sent: Sent[] = [];
  let ops: Operation[] = [];
  let valid: Record<string, string> = {};

  beforeAll(async () => {
    await box.start();
    await box.cli(['user', 'add', 'fuzzy', '--role', 'viewer', '--json']);
    const ev = await box.call('POST', '/api/events/demo/person/create', { body: { duration: 3600, sub_label: 'fuzz' } });
    expect(ev.status).toBe(200);
    const doc = (await box.call('GET', '/api/openapi.json')).json as { paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }>; requestBody?: unknown }>> };
    ops = Object.entries(doc.paths).flatMap(([template, byMethod]) =>
      Object.entries(byMethod).map(([method, op]) => ({
        method: method.toUpperCase(),
        template,
        pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        hasBody: op.requestBody !== undefined,
      })),
    );
    const now = Math.floor(Date.now() / 1000);
    // Good values for the parameters not under attack; nothing here may lock the tests out
    // (the throwaway user `fuzzy`, a token id that does not exist).
    valid = { camera: 'demo', id: (ev.json as { event_id: string }).event_id, username: 'fuzzy', label: 'person', start: String(now - 120), end: String(now - 60) };
  });

  afterAll(() => box.stop());

  const fill = (op: Operation, over: Record<string, string> = {}): string =>
    op.template.replace(/\{(\w+)\}/g, (_m, name: string) => over[name] ?? (op.template.startsWith('/api/tokens') ? '999999' : encodeURIComponent(valid[name] ?? 'x')));

  async function send(what: string, method: string, urlPath: string, opts: { token?: string | null; body?: string | Buffer; type?: string } = {}): Promise<RawReply> {
    const token = opts.token === undefined ? box.adminToken : opts.token;
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (opts.body !== undefined) headers['content-type'] = opts.type ?? 'application/json';
    const reply = await rawRequest({ port: box.vigil.port, method, path: urlPath, headers, body: opts.body });
    sent.push({ what: `${what}: ${method} ${urlPath.slice(0, 160)}`, reply });
    return reply;
  }

  /** Runs `jobs` a few at a time (the box is one process; the fuzzer should not be a load test). */
  async function pool(jobs: Array<() => Promise<unknown>>, width = 4): Promise<void> {
    let next = 0;
    await Promise.all(Array.from({ length: width }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }));
  }

  it('reads the route list from the OpenAPI document', () => {
    expect(ops.length).toBeGreaterThanOrEqual(30);
    expect(ops.map((o) => `${o.method} ${o.template}`)).toEqual(expect.arrayContaining(['GET /api/events', 'GET /api/events/{id}/clip.mp4', 'GET /api/{camera}/start/{start}/end/{end}/clip.mp4', 'POST /api/login']));
  });

  it('sends hostile path segments, query values and bodies to every operation (answers checked below)', async () => {
    const jobs: Array<() => Promise<unknown>> = [];
    for (const op of ops) {
      for (const p of op.pathParams) {
        for (const v of HOSTILE_VALUES) jobs.push(() => send(`path ${p}`, op.method, fill(op, { [p]: encodeURIComponent(v) })));
        for (const raw of RAW_SEGMENTS) jobs.push(() => send(`raw path ${p}`, op.method, fill(op, { [p]: raw })));
      }
      for (const q of op.queryParams) {
        for (const v of HOSTILE_VALUES) jobs.push(() => send(`query ${q}`, op.method, `${fill(op)}?${q}=${encodeURIComponent(v)}`));
        jobs.push(() => send(`repeated ${q}`, op.method, `${fill(op)}?${q}=1&${q}=2`));
        jobs.push(() => send(`array ${q}`, op.method, `${fill(op)}?${q}[]=1&${q}[x]=2`));
        jobs.push(() => send(`raw query ${q}`, op.method, `${fill(op)}?${q}=%zz%00%ff`));
      }
      jobs.push(() => send('unknown query keys', op.method, `${fill(op)}?zzz=1&__proto__[polluted]=1&constructor[prototype][x]=1`));
      if (op.method !== 'GET') for (const b of BODIES) jobs.push(() => send(`body ${b.name}`, op.method, fill(op), { body: b.body, type: b.type }));
    }
    await pool(jobs);
    expect(sent.length).toBeGreaterThan(1000);
  });

  it('media routes refuse traversal before touching a file', async () => {
    const tricks = [
      '/api/events/..%2f..%2fvigil.db/snapshot.jpg', '/api/events/%2e%2e%2f%2e%2e%2fvigil.db/clip.mp4', '/api/events/..%2F..%2F..%2Fetc%2Fpasswd/thumbnail.jpg',
      '/api/events/%2e%2e/snapshot.jpg', '/api/events/x%00/clip.mp4', '/api/..%2f..%2fvigil.db/latest.jpg', '/api/demo/start/..%2f/end/%2e%2e/clip.mp4',
      '/api/..%2fdata/recordings', '/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd', '/app.js%2f..%2f..%2fpackage.json', '/../../../etc/passwd', '/api/../../vigil.db',
    ];
    const index = (await send('dashboard', 'GET', '/')).body;
    for (const t of tricks) {
      const r = await send('traversal', 'GET', t);
      const text = r.body.toString('latin1');
      // Outside /api a path that is no file is a client-side route of the dashboard: index.html.
      const dashboard = !t.startsWith('/api/') && r.status === 200 && r.body.equals(index);
      expect([t, r.status >= 400 || dashboard]).toEqual([t, true]);
      expect(text).not.toContain('SQLite format');
      expect(text).not.toMatch(/root:x?:0:0/);
      expect(text).not.toContain('"name": "vigil"');
    }
  });

  it('other methods on every path get a 4xx JSON error', async () => {
    const templates = [...new Set(ops.map((o) => o.template))];
    const jobs = templates.flatMap((t) => {
      const declared = new Set(ops.filter((o) => o.template === t).map((o) => o.method));
      const op = ops.find((o) => o.template === t)!;
      return METHODS.filter((m) => !declared.has(m)).map((m) => async () => {
        const r = await send('wrong method', m, fill(op));
        expect([m, t, r.status]).toEqual([m, t, expect.any(Number)]);
        expect(r.status).toBeGreaterThanOrEqual(400);
      });
    });
    await pool(jobs);
  });

  it('without credentials every route but health and login answers 401; a viewer cannot do admin work', async () => {
    for (const op of ops) {
      const r = await send('no credentials', op.method, fill(op), { token: null, body: op.hasBody ? '{}' : undefined });
      if (PUBLIC.has(`${op.method} ${op.template}`)) continue;
      expect([`${op.method} ${op.template}`, r.status]).toEqual([`${op.method} ${op.template}`, 401]);
    }
    // Header values travel as bytes: the UTF-8 of a non-ASCII token is sent as latin1 characters.
    for (const bad of ['Bearer', 'Bearer ', 'Bearer x', `Bearer ${'a'.repeat(10_000)}`, 'Basic YWRtaW46YWRtaW4=', Buffer.from('Bearer 名前').toString('latin1')]) {
      const r = await rawRequest({ port: box.vigil.port, method: 'GET', path: '/api/stats', headers: { authorization: bad } });
      sent.push({ what: `bad authorization ${bad.slice(0, 20)}`, reply: r });
      expect(r.status).toBe(401);
    }
    for (const op of ops.filter((o) => o.method !== 'GET' && !['/api/login', '/api/logout'].includes(o.template) && !o.template.endsWith('/password'))) {
      const r = await send('viewer', op.method, fill(op), { token: box.viewerToken, body: '{}' });
      expect([`${op.method} ${op.template}`, r.status]).toEqual([`${op.method} ${op.template}`, 403]);
    }
  });

  it('every answer: below 500, JSON errors of the documented shape, no internals, security headers', () => {
    const problems: string[] = [];
    for (const { what, reply } of sent) {
      const type = String(reply.headers['content-type'] ?? '');
      const text = reply.body.toString('utf8');
      if (reply.status >= 500) problems.push(`${what} → ${reply.status} ${text.slice(0, 200)}`);
      if (reply.status >= 400) {
        if (!type.startsWith('application/json')) problems.push(`${what} → ${reply.status} ${type}`);
        else {
          const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
          const keys = Object.keys(body).join(',');
          if (keys !== 'error' || typeof body.error?.code !== 'string' || typeof body.error?.message !== 'string' || Object.keys(body.error).length !== 2) {
            problems.push(`${what} → ${reply.status} not {error:{code,message}}: ${text.slice(0, 200)}`);
          }
        }
      }
      // (Answers such as /api/config legitimately name the data folder; errors never name a file.)
      if (reply.status >= 400) for (const leak of LEAKS) if (leak.test(text)) problems.push(`${what} → leaks ${leak}: ${text.slice(0, 200)}`);
      if (reply.headers['x-content-type-options'] !== 'nosniff' || reply.headers['x-frame-options'] !== 'DENY' || !reply.headers['content-security-policy'] || reply.headers['referrer-policy'] !== 'no-referrer') {
        problems.push(`${what} → ${reply.status} without security headers`);
      }
      if (reply.headers['x-powered-by']) problems.push(`${what} → X-Powered-By`);
    }
    expect(problems.slice(0, 30)).toEqual([]);
    // The fuzz reached validation, lookups, auth, roles, conflicts and the body size limit.
    expect([...new Set(sent.map((x) => x.reply.status))]).toEqual(expect.arrayContaining([400, 401, 403, 404, 409, 413]));
  });

  it('is still up, with nothing logged as a failed request', async () => {
    expect(box.vigil.proc?.exitCode).toBeNull();
    expect((await box.call('GET', '/api/health')).status).toBe(200);
    expect((await box.call('GET', '/api/cameras')).json).toEqual([expect.objectContaining({ name: 'demo', state: 'online' })]);
    expect(box.vigil.logs).not.toContain('"msg":"request failed"');
  });
});

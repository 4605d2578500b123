// Sessions over real HTTP on 127.0.0.1 with a real vigil.db: first-start admin, login, logout,
// expiry (injected clock), 401 without credentials, CSRF, viewer vs admin, login Origin check.
import { createHash } from 'node:crypto';
import { Client, firstAdminPassword, startAuthServer, type AuthServer } from './auth-fixture';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('auth: sessions over HTTP', () => {
  let srv: AuthServer;
  let adminPassword: string;
  beforeAll(async () => {
    srv = await startAuthServer({ auth: { session_hours: 1 } });
    adminPassword = firstAdminPassword(srv.logs());
  });
  afterAll(() => srv.close());

  it('refuses every API route without login or token with 401 JSON, but health answers', async () => {
    const c = new Client(srv.url);
    for (const [method, path] of [['GET', '/api/events'], ['GET', '/api/me'], ['GET', '/api/users'], ['DELETE', '/api/events/x'], ['POST', '/api/logout'], ['GET', '/api/nothing']]) {
      const r = await c.call(method as string, path as string);
      expect([method, path, r.status]).toEqual([method, path, 401]);
      expect(r.body).toEqual({ error: { code: 'unauthorized', message: 'login required: log in, or send Authorization: Bearer <token>' } });
      expect(r.headers.get('www-authenticate')).toBe('Bearer realm="vigil"');
    }
    // Case and trailing slash do not sneak past the check either.
    expect((await c.call('GET', '/API/Events/')).status).toBe(401);
    expect((await c.call('GET', '/api/health')).status).toBe(200);
    expect((await c.call('GET', '/api/stats')).status).toBe(401);
  });

  it('printed the first-start admin password once, clearly worded, and it works', async () => {
    const lines = srv.logs().split('\n').filter((l) => l.includes(adminPassword));
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] as string) as { level: string; msg: string };
    expect(line.level).toBe('warn');
    expect(line.msg).toContain('npx vigil user passwd admin');
    expect(line.msg).toContain('shown only this once');
    expect(adminPassword.length).toBeGreaterThanOrEqual(16);
    expect(await srv.auth.ensureAdmin()).toBe(false);
    expect(srv.logs().split(adminPassword)).toHaveLength(2);
    const c = new Client(srv.url);
    const r = await c.login('admin', adminPassword);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ username: 'admin', role: 'admin', auth: 'session' });
    // A restart on the same data folder prints nothing and keeps the password.
    const again = await startAuthServer({ dataDir: srv.dataDir });
    try {
      expect(again.logs()).not.toContain('FIRST START');
      expect((await new Client(again.url).login('admin', adminPassword)).status).toBe(200);
    } finally {
      await again.close({ keepData: true });
    }
  });

  it('refuses a wrong password and an unknown user with the same 401 message', async () => {
    const c = new Client(srv.url);
    const wrong = await c.login('admin', 'not-the-password');
    const unknown = await c.login('nobody', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual({ error: { code: 'unauthorized', message: 'wrong username or password' } });
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const bad = await c.call('POST', '/api/login', { username: 'admin' });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { message: string } }).error.message).toMatch(/^body\.password:/);
  });

  it('logs in with an HttpOnly SameSite=Strict cookie whose value is not stored, and /api/me answers', async () => {
    const c = new Client(srv.url);
    const r = await c.login('ADMIN', adminPassword);
    expect(r.status).toBe(200);
    const setCookie = r.headers.get('set-cookie') as string;
    expect(setCookie).toMatch(/^vigil_session=[A-Za-z0-9_-]{43}; Max-Age=3600; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
    expect(setCookie).not.toContain('Secure');
    expect(r.headers.get('cache-control')).toBe('no-store');
    const cookie = c.cookie as string;
    const rows = srv.db.prepare('SELECT id, csrf_token FROM sessions').all() as Array<{ id: string; csrf_token: string }>;
    expect(rows.map((x) => x.id)).toContain(sha(cookie));
    expect(JSON.stringify(rows)).not.toContain(cookie);
    const me = await c.call('GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ username: 'admin', role: 'admin', csrf_token: c.csrf, auth: 'session', expires_at: expect.any(Number) });
    expect(c.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await c.call('GET', '/api/events')).status).toBe(200);
    // Logging in again from the same browser replaces the old session.
    await c.login('admin', adminPassword);
    expect(c.cookie).not.toBe(cookie);
    expect((await c.call('GET', '/api/me', undefined, { cookie: `vigil_session=${cookie}` })).status).toBe(401);
    expect((await c.call('GET', '/api/me')).status).toBe(200);
  });

  it('logout ends the session on the server, not only in the browser', async () => {
    const c = new Client(srv.url);
    await c.login('admin', adminPassword);
    const cookie = c.cookie as string;
    const out = await c.call('POST', '/api/logout');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^vigil_session=; Path=\/; Expires=Thu, 01 Jan 1970/);
    const again = await c.call('GET', '/api/me', undefined, { cookie: `vigil_session=${cookie}` });
    expect(again.status).toBe(401);
    expect((again.body as { error: { message: string } }).error.message).toBe('session expired or ended: log in again');
  });

  it('refuses an expired session (injected clock)', async () => {
    const c = new Client(srv.url);
    await c.login('admin', adminPassword);
    srv.clock.advance(3600 * 1000 - 1000);
    expect((await c.call('GET', '/api/me')).status).toBe(200);
    srv.clock.advance(2000);
    const r = await c.call('GET', '/api/me');
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: { code: 'unauthorized', message: 'session expired or ended: log in again' } });
  });

  it('requires the session CSRF token on state-changing requests: missing or wrong → 403', async () => {
    const c = new Client(srv.url);
    await c.login('admin', adminPassword);
    const token = c.csrf as string;
    c.csrf = null;
    const missing = await c.call('DELETE', '/api/events/e1');
    expect(missing.status).toBe(403);
    expect(missing.body).toEqual({ error: { code: 'forbidden', message: expect.stringContaining('X-CSRF-Token') } });
    const wrong = await c.call('DELETE', '/api/events/e1', undefined, { 'x-csrf-token': [...token].reverse().join('') });
    expect(wrong.status).toBe(403);
    const otherSession = new Client(srv.url);
    await otherSession.login('admin', adminPassword);
    const foreign = await c.call('DELETE', '/api/events/e1', undefined, { 'x-csrf-token': otherSession.csrf as string });
    expect(foreign.status).toBe(403);
    const ok = await c.call('DELETE', '/api/events/e1', undefined, { 'x-csrf-token': token });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ deleted: 'e1' });
    // Reads need no token.
    expect((await c.call('GET', '/api/events')).status).toBe(200);
  });

  it('lets a viewer read but answers 403 JSON on admin routes', async () => {
    const admin = new Client(srv.url);
    await admin.login('admin', adminPassword);
    const created = await admin.call('POST', '/api/users', { username: 'vera', role: 'viewer', password: 'viewer-pass-1' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'vera', role: 'viewer' });
    expect(created.body).not.toHaveProperty('password');
    const v = new Client(srv.url);
    expect((await v.login('vera', 'viewer-pass-1')).body).toMatchObject({ username: 'vera', role: 'viewer' });
    expect((await v.call('GET', '/api/events')).status).toBe(200);
    for (const [method, path, body] of [
      ['DELETE', '/api/events/e1', undefined],
      ['GET', '/api/users', undefined],
      ['POST', '/api/users', { username: 'x1', password: 'password-x1' }],
      ['PUT', '/api/users/admin/role', { role: 'viewer' }],
      ['PUT', '/api/users/admin/password', { password: 'hijacked-pass' }],
      ['PUT', '/api/users/no-such-user/password', { password: 'hijacked-pass' }],
      ['GET', '/api/tokens', undefined],
      ['POST', '/api/tokens', { name: 'mine' }],
    ] as const) {
      const r = await v.call(method, path, body);
      expect([method, path, r.status]).toEqual([method, path, 403]);
      expect((r.body as { error: { code: string } }).error.code).toBe('forbidden');
    }
  });

  it('refuses a cross-site login (Origin or Referer of another host) and accepts its own origin', async () => {
    const c = new Client(srv.url);
    const evil = await c.login('admin', adminPassword, { origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.body).toEqual({ error: { code: 'forbidden', message: 'cross-site login refused (Origin does not match this server)' } });
    expect((await c.login('admin', adminPassword, { referer: 'http://evil.example/page' })).status).toBe(403);
    expect((await c.login('admin', adminPassword, { origin: 'null' })).status).toBe(403);
    const own = await c.login('admin', adminPassword, { origin: srv.url });
    expect(own.status).toBe(200);
  });
});

// `auth.enabled: false`: every request is an admin called anonymous, a warning is logged, no
// admin password is printed, and another site's page still cannot change anything.
import type { UserInfo } from '../../../server/src/contracts/auth-api';
import { Client, startAuthServer, type AuthServer } from './auth-fixture';

describe('auth disabled', () => {
  let srv: AuthServer;
  beforeAll(async () => {
    srv = await startAuthServer({ auth: { enabled: false } });
  });
  afterAll(() => srv.close());

  it('logs a startup warning and creates no first-start admin', () => {
    const warn = srv.logs().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: string; msg: string });
    expect(warn).toContainEqual(expect.objectContaining({ level: 'warn', msg: expect.stringContaining('authentication is DISABLED') }));
    expect(srv.logs()).not.toContain('FIRST START');
    expect(srv.db.prepare('SELECT COUNT(*) FROM users').pluck().get()).toBe(0);
  });

  it('treats every request as the admin "anonymous", admin routes included, without CSRF tokens', async () => {
    const c = new Client(srv.url);
    expect((await c.call('GET', '/api/me')).body).toEqual({ username: 'anonymous', role: 'admin', csrf_token: '', auth: 'disabled', expires_at: null });
    expect((await c.call('GET', '/api/events')).status).toBe(200);
    expect((await c.call('DELETE', '/api/events/e1')).status).toBe(200);
    const created = await c.call('POST', '/api/users', { username: 'later', role: 'admin', password: 'for-later-use' });
    expect(created.status).toBe(201);
    expect((await c.call<UserInfo[]>('GET', '/api/users')).body.map((u) => u.username)).toEqual(['later']);
    // A token needs an owner: anonymous is nobody, so the owner must be named.
    expect((await c.call('POST', '/api/tokens', { name: 'x' })).status).toBe(400);
    expect((await c.call('POST', '/api/tokens', { name: 'x', username: 'later' })).status).toBe(201);
    const login = await c.login('whoever', 'whatever');
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ username: 'anonymous', auth: 'disabled' });
    expect(login.headers.get('set-cookie')).toBeNull();
  });

  it('refuses state changes sent from another origin', async () => {
    const c = new Client(srv.url, { origin: 'http://evil.example' });
    const r = await c.call('DELETE', '/api/events/e1');
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ error: { code: 'forbidden', message: 'cross-site request refused' } });
    expect((await c.call('GET', '/api/events')).status).toBe(200);
    expect((await new Client(srv.url, { origin: srv.url }).call('DELETE', '/api/events/e1')).status).toBe(200);
  });
});

// Bearer tokens and user management over real HTTP with a real vigil.db: token shown once and
// stored hashed, exempt from CSRF, last_used_at throttled, revocation; users, roles, passwords.
import { createHash } from 'node:crypto';
import type { CreatedToken, CreatedUser, PasswordChanged, TokenInfo, UserInfo } from '../../../server/src/contracts/auth-api';
import { Client, firstAdminPassword, startAuthServer, type AuthServer } from './auth-fixture';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('auth: API tokens and users over HTTP', () => {
  let srv: AuthServer;
  let admin: Client;
  let adminPassword: string;
  beforeAll(async () => {
    srv = await startAuthServer();
    adminPassword = firstAdminPassword(srv.logs());
    admin = new Client(srv.url);
    expect((await admin.login('admin', adminPassword)).status).toBe(200);
  });
  afterAll(() => srv.close());

  const bearer = (token: string) => new Client(srv.url, { authorization: `Bearer ${token}` });

  it('creates a token shown once, stores only its sha256, and the token works without CSRF', async () => {
    const r = await admin.call<CreatedToken>('POST', '/api/tokens', { name: 'home assistant' });
    expect(r.status).toBe(201);
    const t = r.body;
    expect(t).toMatchObject({ name: 'home assistant', username: 'admin', revoked: false, last_used_at: null });
    expect(t.token).toMatch(/^vgl_[A-Za-z0-9_-]{43}$/);
    const stored = JSON.stringify(srv.db.prepare('SELECT * FROM api_tokens').all());
    expect(stored).toContain(sha(t.token));
    expect(stored).not.toContain(t.token);
    const list = await admin.call<TokenInfo[]>('GET', '/api/tokens');
    expect(list.body.find((x) => x.id === t.id)).toEqual({ id: t.id, name: 'home assistant', username: 'admin', created_at: t.created_at, last_used_at: null, revoked: false });
    expect(JSON.stringify(list.body)).not.toContain(t.token);

    const b = bearer(t.token);
    expect((await b.call('GET', '/api/events')).status).toBe(200);
    // State change with a bearer token and no CSRF header: allowed (no cookie, nothing to forge).
    const del = await b.call('DELETE', '/api/events/e7');
    expect(del.status).toBe(200);
    expect((await b.call('GET', '/api/me')).body).toEqual({ username: 'admin', role: 'admin', csrf_token: '', auth: 'token', expires_at: null });
  });

  it('writes last_used_at at most once a minute', async () => {
    const t = (await admin.call<CreatedToken>('POST', '/api/tokens', { name: 'poller' })).body;
    const b = bearer(t.token);
    const lastUsed = () => (srv.db.prepare('SELECT last_used_at FROM api_tokens WHERE id = ?').pluck().get(t.id) as number | null);
    await b.call('GET', '/api/events');
    const first = lastUsed();
    expect(first).toBe(srv.clock.now() / 1000);
    srv.clock.advance(30_000);
    await b.call('GET', '/api/events');
    expect(lastUsed()).toBe(first);
    srv.clock.advance(30_000);
    await b.call('GET', '/api/events');
    expect(lastUsed()).toBe(srv.clock.now() / 1000);
  });

  it('refuses a revoked token, an unknown token and a malformed Authorization header with 401', async () => {
    const t = (await admin.call<CreatedToken>('POST', '/api/tokens', { name: 'old' })).body;
    expect((await bearer(t.token).call('GET', '/api/events')).status).toBe(200);
    expect((await admin.call('DELETE', `/api/tokens/${t.id}`)).status).toBe(204);
    const r = await bearer(t.token).call('GET', '/api/events');
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: { code: 'unauthorized', message: 'invalid or revoked API token' } });
    expect((await bearer(`${t.token}x`).call('GET', '/api/events')).status).toBe(401);
    expect((await bearer('vgl_').call('GET', '/api/events')).status).toBe(401);
    expect((await new Client(srv.url, { authorization: 'Basic YWRtaW46YWRtaW4=' }).call('GET', '/api/events')).status).toBe(401);
    expect((await admin.call('DELETE', '/api/tokens/99999')).status).toBe(404);
    expect((await admin.call('DELETE', '/api/tokens/abc')).status).toBe(400);
  });

  it('a viewer token reads but cannot change admin things', async () => {
    await admin.call('POST', '/api/users', { username: 'cam-viewer', role: 'viewer', password: 'viewer-secret' });
    const t = (await admin.call<CreatedToken>('POST', '/api/tokens', { name: 'tablet', username: 'cam-viewer' })).body;
    expect(t.username).toBe('cam-viewer');
    const b = bearer(t.token);
    expect((await b.call('GET', '/api/events')).status).toBe(200);
    expect((await b.call('DELETE', '/api/events/1')).status).toBe(403);
    expect((await b.call('POST', '/api/tokens', { name: 'escalate' })).status).toBe(403);
  });

  it('creates users with a generated password shown once, and validates input', async () => {
    const r = await admin.call<CreatedUser>('POST', '/api/users', { username: 'gen' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ username: 'gen', role: 'viewer' });
    expect(r.body.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await new Client(srv.url).login('gen', r.body.password as string)).status).toBe(200);
    const list = await admin.call<UserInfo[]>('GET', '/api/users');
    expect(list.body.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'gen']));
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|password_hash/);
    const short = await admin.call('POST', '/api/users', { username: 'weak', password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body).toEqual({ error: { code: 'bad_request', message: 'body.password: at least 8 characters' } });
    expect((await admin.call('POST', '/api/users', { username: 'bad name', password: 'long-enough' })).status).toBe(400);
    expect((await admin.call('POST', '/api/users', { username: 'gen', password: 'long-enough' })).status).toBe(409);
    expect((await admin.call('POST', '/api/users', { username: 'x', role: 'root' })).status).toBe(400);
  });

  it('lets a user change their own password with the current one, ending other sessions', async () => {
    await admin.call('POST', '/api/users', { username: 'sam', role: 'viewer', password: 'sam-old-pass' });
    const tab1 = new Client(srv.url);
    const tab2 = new Client(srv.url);
    await tab1.login('sam', 'sam-old-pass');
    await tab2.login('sam', 'sam-old-pass');
    const wrong = await tab1.call('PUT', '/api/users/sam/password', { current_password: 'nope-nope', password: 'sam-new-pass' });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toEqual({ error: { code: 'forbidden', message: 'current password is wrong' } });
    expect((await tab1.call('PUT', '/api/users/sam/password', { password: 'sam-new-pass' })).status).toBe(400);
    const ok = await tab1.call<PasswordChanged>('PUT', '/api/users/sam/password', { current_password: 'sam-old-pass', password: 'sam-new-pass' });
    expect(ok.status).toBe(200);
    expect(ok.body.user.username).toBe('sam');
    expect(ok.body.session).toMatchObject({ username: 'sam', auth: 'session' });
    // tab1 continues in the new session it was given; tab2's session ended.
    expect((await tab1.call('GET', '/api/me')).status).toBe(200);
    expect((await tab2.call('GET', '/api/me')).status).toBe(401);
    expect((await new Client(srv.url).login('sam', 'sam-old-pass')).status).toBe(401);
    expect((await new Client(srv.url).login('sam', 'sam-new-pass')).status).toBe(200);
  });

  it('lets an admin reset another password (generated when not given) and change roles', async () => {
    await admin.call('POST', '/api/users', { username: 'rita', role: 'viewer', password: 'rita-pass-1' });
    const rita = new Client(srv.url);
    await rita.login('rita', 'rita-pass-1');
    const reset = await admin.call<PasswordChanged>('PUT', '/api/users/rita/password', {});
    expect(reset.status).toBe(200);
    expect(reset.body.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await rita.call('GET', '/api/me')).status).toBe(401);
    expect((await rita.login('rita', reset.body.password as string)).status).toBe(200);
    const promoted = await admin.call<UserInfo>('PUT', '/api/users/rita/role', { role: 'admin' });
    expect(promoted.body.role).toBe('admin');
    // Roles are read live from the database: the open session is an admin at once.
    expect((await rita.call('GET', '/api/users')).status).toBe(200);
    expect((await admin.call('PUT', '/api/users/nobody/role', { role: 'admin' })).status).toBe(404);
  });

  it('never removes or demotes the last admin; deleting a user ends its tokens', async () => {
    const users = (await admin.call<UserInfo[]>('GET', '/api/users')).body;
    for (const u of users.filter((x) => x.role === 'admin' && x.username !== 'admin')) {
      expect((await admin.call('DELETE', `/api/users/${u.username}`)).status).toBe(204);
    }
    const demote = await admin.call('PUT', '/api/users/admin/role', { role: 'viewer' });
    expect(demote.status).toBe(409);
    expect(demote.body).toEqual({ error: { code: 'conflict', message: 'admin is the last admin: make another user admin first' } });
    const del = await admin.call('DELETE', '/api/users/admin');
    expect(del.status).toBe(409);
    expect((await admin.call('GET', '/api/me')).status).toBe(200);

    await admin.call('POST', '/api/users', { username: 'temp', password: 'temp-pass-1' });
    const t = (await admin.call<CreatedToken>('POST', '/api/tokens', { name: 'temp', username: 'temp' })).body;
    expect((await bearer(t.token).call('GET', '/api/events')).status).toBe(200);
    expect((await admin.call('DELETE', '/api/users/temp')).status).toBe(204);
    expect((await bearer(t.token).call('GET', '/api/events')).status).toBe(401);
    expect((await admin.call('DELETE', '/api/users/temp')).status).toBe(404);
  });
});

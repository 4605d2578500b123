// Login rate limit (429 + Retry-After, then allowed after the window on the injected clock),
// trusted proxies (client address and https from X-Forwarded-*), and the security headers.
import { Client, firstAdminPassword, startAuthServer, type AuthServer } from './auth-fixture';

describe('auth: login rate limit', () => {
  let srv: AuthServer;
  let pw: string;
  beforeAll(async () => {
    srv = await startAuthServer({ auth: { login_attempts: 3, login_window_s: 60 } });
    pw = firstAdminPassword(srv.logs());
  });
  afterAll(() => srv.close());

  it('answers 429 JSON with Retry-After after 3 failures, even for the right password, until the window passes', async () => {
    const c = new Client(srv.url);
    expect((await c.login('admin', pw)).status).toBe(200); // successes do not count
    for (let i = 0; i < 3; i++) {
      srv.clock.advance(1000);
      expect((await c.login('admin', `wrong-${i}`)).status).toBe(401);
    }
    const limited = await c.login('admin', pw);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('58');
    expect(limited.body).toEqual({ error: { code: 'rate_limited', message: 'too many failed logins from this address: try again in 58 s' } });
    srv.clock.advance(57_000);
    expect((await c.login('admin', pw)).status).toBe(429);
    srv.clock.advance(1000);
    // The oldest failure left the window: one more try is allowed, and it succeeds.
    expect((await c.login('admin', pw)).status).toBe(200);
  });

  it('counts a wrong current password on a password change like a failed login', async () => {
    srv.clock.advance(120_000);
    const c = new Client(srv.url);
    await c.login('admin', pw);
    for (let i = 0; i < 3; i++) expect((await c.call('PUT', '/api/users/admin/password', { current_password: `bad-${i}-x`, password: 'new-password-1' })).status).toBe(403);
    expect((await c.call('PUT', '/api/users/admin/password', { current_password: pw, password: 'new-password-1' })).status).toBe(429);
    srv.clock.advance(61_000);
  });
});

describe('auth: behind a trusted reverse proxy', () => {
  let srv: AuthServer;
  let pw: string;
  beforeAll(async () => {
    srv = await startAuthServer({ auth: { login_attempts: 2, login_window_s: 60 }, trustedProxies: ['loopback'] });
    pw = firstAdminPassword(srv.logs());
  });
  afterAll(() => srv.close());

  it('limits the client named by X-Forwarded-For, not the proxy', async () => {
    const a = new Client(srv.url, { 'x-forwarded-for': '203.0.113.5' });
    const b = new Client(srv.url, { 'x-forwarded-for': '203.0.113.6' });
    await a.login('admin', 'wrong-1');
    await a.login('admin', 'wrong-2');
    expect((await a.login('admin', pw)).status).toBe(429);
    expect((await b.login('admin', pw)).status).toBe(200);
    expect(srv.logs()).toContain('"client":"203.0.113.5"');
  });

  it('marks the cookie Secure when the proxy says the request came over https', async () => {
    const r = await new Client(srv.url, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.1' }).login('admin', pw);
    expect(r.status).toBe(200);
    expect(r.headers.get('set-cookie')).toMatch(/; Secure; SameSite=Strict$/);
  });
});

describe('auth: forwarded headers from an untrusted peer', () => {
  let srv: AuthServer;
  let pw: string;
  beforeAll(async () => {
    srv = await startAuthServer({ auth: { login_attempts: 2, login_window_s: 60 } });
    pw = firstAdminPassword(srv.logs());
  });
  afterAll(() => srv.close());

  it('ignores X-Forwarded-For and X-Forwarded-Proto (no limit bypass, no Secure over http)', async () => {
    await new Client(srv.url, { 'x-forwarded-for': '203.0.113.7' }).login('admin', 'wrong-1');
    await new Client(srv.url, { 'x-forwarded-for': '203.0.113.8' }).login('admin', 'wrong-2');
    const r = await new Client(srv.url, { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' }).login('admin', pw);
    expect(r.status).toBe(429);
    srv.clock.advance(60_000);
    const ok = await new Client(srv.url, { 'x-forwarded-proto': 'https' }).login('admin', pw);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('set-cookie')).not.toContain('Secure');
  });

  it('refuses an invalid trusted_proxies entry with a clear config error', async () => {
    await expect(startAuthServer({ trustedProxies: ['10.0.0.0/8', 'my-proxy'] })).rejects.toThrow(
      'server.trusted_proxies: "my-proxy" is not an IP address, a subnet (10.0.0.0/8) or one of loopback, linklocal, uniquelocal',
    );
  });
});

describe('security headers', () => {
  let srv: AuthServer;
  beforeAll(async () => {
    srv = await startAuthServer();
  });
  afterAll(() => srv.close());

  it('sends a self-only CSP, no-referrer, nosniff and frame denial on API, errors and the dashboard', async () => {
    const port = new URL(srv.url).port;
    for (const path of ['/api/health', '/api/events', '/api/nothing', '/']) {
      const r = await fetch(`${srv.url}${path}`);
      const csp = r.headers.get('content-security-policy') as string;
      const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
      expect(directives).toEqual({
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'blob:', 'data:'],
        'media-src': ["'self'", 'blob:'],
        'connect-src': ["'self'", `ws://127.0.0.1:${port}`, `wss://127.0.0.1:${port}`],
        'font-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      });
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(r.headers.get('x-powered-by')).toBeNull();
      expect(r.headers.get('strict-transport-security')).toBeNull();
    }
  });
});

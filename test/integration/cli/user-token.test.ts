// `vigil user` and `vigil token` as real processes (the compiled CLI) on the data folder of a
// running server: reset a forgotten admin password, tokens that work over HTTP, exit codes.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CreatedToken, CreatedUser, TokenInfo, UserInfo } from '../../../server/src/contracts/auth-api';
import { Client, firstAdminPassword, startAuthServer, type AuthServer } from '../api/auth-fixture';

const BIN = path.join(__dirname, '..', '..', '..', 'bin', 'vigil.js');

describe('vigil user / vigil token', () => {
  let srv: AuthServer;
  // Asynchronous: the server under test lives in this process and must keep serving meanwhile.
  const cli = (args: string[], input?: string) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
      const p = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, VIGIL_DATA: srv.dataDir } });
      let out = '';
      let err = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      p.stderr.on('data', (d: Buffer) => (err += d.toString()));
      p.once('error', reject);
      p.once('close', (code) => resolve({ code, out, err }));
      p.stdin.end(input ?? '');
    });
  beforeAll(async () => {
    srv = await startAuthServer();
  });
  afterAll(() => srv.close());

  it('resets a forgotten admin password while the server runs, ending its sessions', async () => {
    const old = firstAdminPassword(srv.logs());
    const tab = new Client(srv.url);
    expect((await tab.login('admin', old)).status).toBe(200);
    const r = await cli(['user', 'passwd', 'admin']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('password of admin changed; its sessions were ended');
    const generated = /^password: ([A-Za-z0-9_-]{24})$/.exec(lines[1] as string)?.[1] as string;
    expect(generated).toBeDefined();
    expect((await tab.call('GET', '/api/me')).status).toBe(401);
    expect((await new Client(srv.url).login('admin', old)).status).toBe(401);
    expect((await new Client(srv.url).login('admin', generated)).status).toBe(200);

    const given = await cli(['user', 'passwd', 'admin', '--password-stdin', '--json'], 'chosen-by-me-1\n');
    expect(given.code).toBe(0);
    expect(JSON.parse(given.out)).toEqual({ user: expect.objectContaining({ username: 'admin', role: 'admin' }) });
    expect((await new Client(srv.url).login('admin', 'chosen-by-me-1')).status).toBe(200);
  });

  it('adds, lists, re-roles and deletes users with one JSON document per --json run', async () => {
    const add = await cli(['user', 'add', 'olga', '--role', 'admin', '--json']);
    expect(add.code).toBe(0);
    const created = JSON.parse(add.out) as CreatedUser;
    expect(created).toMatchObject({ username: 'olga', role: 'admin' });
    expect((await new Client(srv.url).login('olga', created.password as string)).status).toBe(200);
    const list = JSON.parse((await cli(['user', 'list', '--json'])).out) as UserInfo[];
    expect(list.map((u) => [u.username, u.role])).toEqual([['admin', 'admin'], ['olga', 'admin']]);
    expect((await cli(['user', 'role', 'olga', 'viewer'])).out.trim()).toBe('olga is now viewer');
    const last = await cli(['user', 'del', 'admin']);
    expect(last.code).toBe(1);
    expect(last.err.trim()).toBe('vigil user: admin is the last admin and cannot be deleted');
    expect((await cli(['user', 'del', 'olga'])).code).toBe(0);
    expect((await cli(['user', 'del', 'olga'])).err.trim()).toBe('vigil user: no user named olga');
  });

  it('refuses bad input with clear messages and exit codes', async () => {
    const weak = await cli(['user', 'add', 'pat', '--password', 'short']);
    expect([weak.code, weak.err.trim()]).toEqual([1, 'vigil user: password must have at least 8 characters']);
    const role = await cli(['user', 'add', 'pat', '--role', 'root']);
    expect(role.code).toBe(2);
    expect(role.err).toContain('role must be admin or viewer, got "root"');
    expect((await cli(['user', 'frob'])).code).toBe(2);
    expect((await cli(['user', 'add'])).code).toBe(2);
    expect((await cli(['token', 'revoke', 'abc'])).code).toBe(2);
    expect((await cli(['token', 'create', 'ghost'])).err.trim()).toBe('vigil token: no user named ghost');
  });

  it('creates a token printed once that works over HTTP, lists it without the value, revokes it', async () => {
    const c = await cli(['token', 'create', 'admin', '--name', 'frigate-bridge']);
    expect(c.code).toBe(0);
    const [head, token] = c.out.trim().split('\n') as [string, string];
    expect(head).toMatch(/^created token \d+ "frigate-bridge" for admin \(shown only this once\):$/);
    expect(token).toMatch(/^vgl_[A-Za-z0-9_-]{43}$/);
    const bearer = new Client(srv.url, { authorization: `Bearer ${token}` });
    expect((await bearer.call('GET', '/api/events')).status).toBe(200);
    const list = JSON.parse((await cli(['token', 'list', '--json'])).out) as TokenInfo[];
    const mine = list.find((t) => t.name === 'frigate-bridge') as TokenInfo;
    expect(mine).toMatchObject({ username: 'admin', revoked: false });
    expect(mine.last_used_at).not.toBeNull();
    expect(JSON.stringify(list)).not.toContain(token);
    const rev = await cli(['token', 'revoke', String(mine.id), '--json']);
    expect(JSON.parse(rev.out)).toMatchObject({ id: mine.id, revoked: true });
    expect((await bearer.call('GET', '/api/events')).status).toBe(401);
    const json = JSON.parse((await cli(['token', 'create', 'admin', '--json'])).out) as CreatedToken;
    expect(json).toMatchObject({ name: 'cli', username: 'admin', token: expect.stringMatching(/^vgl_/) });
  });

  it('finds the data folder through --config as well', () => {
    const cfg = path.join(srv.dataDir, 'cli-test.yml');
    fs.writeFileSync(cfg, `storage: { path: ${JSON.stringify(srv.dataDir)} }\ncameras:\n  demo:\n    source: file:///usr/share/doc/opencv-doc/examples/data/vtest.avi\n`);
    const r = spawnSync(process.execPath, [BIN, 'user', 'list', '--config', cfg], { encoding: 'utf8', env: { ...process.env, VIGIL_DATA: '' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^admin\s+admin\s+created /);
    const missing = spawnSync(process.execPath, [BIN, 'user', 'list', '--config', path.join(srv.dataDir, 'nope.yml')], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('config file not found');
  });
});

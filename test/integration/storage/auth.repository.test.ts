import { createHash } from 'node:crypto';
import { MetaRepository } from '../../../server/src/storage/meta.repository';
import { SessionRepository } from '../../../server/src/storage/session.repository';
import { TokenRepository } from '../../../server/src/storage/token.repository';
import { UserRepository } from '../../../server/src/storage/user.repository';
import { openFixture, type StorageFixture } from './storage-fixture';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const HASH = 'scrypt$16384$8$1$c2FsdA$aGFzaA';

describe('users, tokens and sessions', () => {
  let f: StorageFixture;
  let users: UserRepository;
  let tokens: TokenRepository;
  let sessions: SessionRepository;
  beforeEach(() => {
    f = openFixture();
    users = new UserRepository(f.db, f.clock);
    tokens = new TokenRepository(f.db, f.clock);
    sessions = new SessionRepository(f.db, f.clock);
  });
  afterEach(() => f.close());

  it('creates users, finds them by name without case, changes hash and role, counts admins', () => {
    const now = f.clock.now() / 1000;
    const admin = users.create('Admin', HASH, 'admin');
    expect(admin).toEqual({ id: admin.id, username: 'Admin', password_hash: HASH, role: 'admin', created_at: now, password_changed_at: now });
    const viewer = users.create('viewer.1', HASH, 'viewer');
    expect(users.findByName('admin')?.id).toBe(admin.id);
    expect(users.findByName('nobody')).toBeNull();
    expect(() => users.create('ADMIN', HASH, 'viewer')).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => users.create('bad name', HASH, 'viewer')).toThrow(expect.objectContaining({ code: 'bad_request' }));
    expect(() => users.create('x', HASH, 'root' as 'admin')).toThrow(expect.objectContaining({ code: 'bad_request' }));
    f.clock.advance(10_000);
    expect(users.setPasswordHash(viewer.id, 'scrypt$new')).toBe(true);
    expect(users.findById(viewer.id)).toMatchObject({ password_hash: 'scrypt$new', password_changed_at: now + 10 });
    expect(users.count('admin')).toBe(1);
    expect(users.setRole(viewer.id, 'admin')).toBe(true);
    expect(users.count('admin')).toBe(2);
    expect(users.count()).toBe(2);
    expect(users.list().map((u) => u.username)).toEqual(['Admin', 'viewer.1']);
  });

  it('stores token hashes only, finds live tokens with their owner, revokes', () => {
    const u = users.create('alice', HASH, 'viewer');
    const secret = 'vgl_0123456789abcdef';
    const t = tokens.create(u.id, 'home assistant', sha(secret));
    expect(t).toMatchObject({ user_id: u.id, name: 'home assistant', token_hash: sha(secret), last_used_at: null, revoked: false });
    const stored = JSON.stringify(f.db.prepare('SELECT * FROM api_tokens').all());
    expect(stored).not.toContain(secret);
    expect(tokens.findByHash(sha(secret))).toEqual({ token_id: t.id, user_id: u.id, username: 'alice', role: 'viewer' });
    expect(tokens.findByHash(sha('wrong'))).toBeNull();
    f.clock.advance(1000);
    tokens.touch(t.id);
    expect(tokens.get(t.id)?.last_used_at).toBe(f.clock.now() / 1000);
    expect(tokens.revoke(t.id)).toBe(true);
    expect(tokens.revoke(t.id)).toBe(false);
    expect(tokens.findByHash(sha(secret))).toBeNull();
    expect(tokens.list(u.id).map((x) => x.revoked)).toEqual([true]);
    expect(() => tokens.create(u.id, 'plain', secret)).toThrow(expect.objectContaining({ code: 'bad_request' }));
    expect(() => tokens.create(999, 'ghost', sha('g'))).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => tokens.create(u.id, 'again', sha(secret))).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('finds valid sessions only until they expire, deletes expired ones', () => {
    const u = users.create('bob', HASH, 'admin');
    const s = sessions.create(sha('cookie-1'), u.id, 'csrf-1', 3600);
    sessions.create(sha('cookie-2'), u.id, 'csrf-2', 60);
    expect(sessions.findValid(sha('cookie-1'))).toEqual({ ...s, username: 'bob', role: 'admin' });
    f.clock.advance(60_000);
    expect(sessions.findValid(sha('cookie-2'))).toBeNull();
    expect(sessions.deleteExpired()).toBe(1);
    expect(sessions.findValid(sha('cookie-1'))?.csrf_token).toBe('csrf-1');
    expect(sessions.delete(sha('cookie-1'))).toBe(true);
    expect(sessions.findValid(sha('cookie-1'))).toBeNull();
    expect(() => sessions.create(sha('c'), 999, 'x', 10)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => sessions.create('not-a-hash', u.id, 'x', 10)).toThrow(expect.objectContaining({ code: 'bad_request' }));
  });

  it('deleting a user removes its tokens and sessions; logging out everywhere removes sessions', () => {
    const u = users.create('carol', HASH, 'viewer');
    tokens.create(u.id, 't', sha('t'));
    sessions.create(sha('s1'), u.id, 'c', 100);
    sessions.create(sha('s2'), u.id, 'c', 100);
    expect(sessions.deleteForUser(u.id)).toBe(2);
    sessions.create(sha('s3'), u.id, 'c', 100);
    expect(users.delete(u.id)).toBe(true);
    expect(tokens.list()).toEqual([]);
    expect(f.db.prepare('SELECT COUNT(*) FROM sessions').pluck().get()).toBe(0);
    expect(users.delete(u.id)).toBe(false);
  });
});

describe('meta', () => {
  let f: StorageFixture;
  beforeEach(() => (f = openFixture()));
  afterEach(() => f.close());

  it('keeps one install id and tells whether the last run ended cleanly', () => {
    const meta = new MetaRepository(f.db);
    const id = meta.installId();
    expect(meta.installId()).toBe(id);
    expect(meta.beginRun()).toBeNull();
    expect(meta.beginRun()).toBe(false);
    meta.endRun();
    expect(meta.beginRun()).toBe(true);
    meta.set('k', 'v1');
    meta.set('k', 'v2');
    expect(meta.get('k')).toBe('v2');
    expect(meta.delete('k')).toBe(true);
    expect(meta.get('k')).toBeNull();
  });
});

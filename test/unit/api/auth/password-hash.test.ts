// scrypt password hashes: real hashing and verification, stored parameters, bounds on tampered
// rows, the new-password policy.
import { checkNewPassword, hashPassword, needsRehash, parseHash, verifyPassword } from '../../../../server/src/api/auth/password-hash';

describe('password hashing', () => {
  it('hashes with a random salt and its parameters, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horsE', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
    expect(needsRehash(a)).toBe(false);
  });

  it('verifies hashes made with other (stored) parameters and flags weaker ones for rehash', async () => {
    const weak = await hashPassword('older password', { N: 1024, r: 8, p: 1 });
    expect(weak.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('older password', weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['bcrypt$2b$10$abc', 'other scheme'],
    ['scrypt$1000$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA', 'N not a power of two'],
    ['scrypt$1048576$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA', 'too much memory (1 GiB)'],
    ['scrypt$16384$8$99$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA', 'p out of bounds'],
    ['scrypt$16384$8$1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA', 'salt too short'],
    ['scrypt$16384$8$1$c2FsdHNhbHQ$aGFzaA', 'key too short'],
  ])('refuses the stored hash %j (%s) without running scrypt on it', async (stored) => {
    expect(parseHash(stored)).toBeNull();
    expect(await verifyPassword('whatever-password', stored)).toBe(false);
    expect(needsRehash(stored)).toBe(true);
  });

  it('requires at least 8 characters (counted as characters, not UTF-16 units)', async () => {
    expect(() => checkNewPassword('1234567')).toThrow('password must have at least 8 characters');
    expect(() => checkNewPassword('😀😀😀😀')).toThrow('at least 8');
    expect(checkNewPassword('12345678')).toBe('12345678');
    expect(() => checkNewPassword('x'.repeat(1025))).toThrow('at most 1024');
    expect(() => checkNewPassword(42)).toThrow('password must be a string');
    await expect(hashPassword('short')).rejects.toMatchObject({ code: 'bad_request' });
  });
});

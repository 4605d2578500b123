// Password hashing with scrypt. The stored string carries its own parameters and salt
// (`scrypt$N$r$p$salt$hash`, base64url), so the cost can be raised later without breaking old
// hashes. scrypt runs on libuv's thread pool: a login never blocks the event loop.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { AppError } from '../../lib/errors';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** ~32 MiB and ~0.1 s per hash on the 2-core target box (measured 95 ms under load). */
export const DEFAULT_SCRYPT: ScryptParams = { N: 32768, r: 8, p: 1 };
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1024;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** The most memory·time a stored hash may ask for (128·N·r·p bytes). */
const MAX_SCRYPT_BYTES = 256 * 1024 * 1024;

function scryptAsync(password: string, salt: Buffer, keylen: number, params: ScryptParams): Promise<Buffer> {
  // 128·N·r bytes are needed; the default maxmem (32 MiB) is exactly too small for N=32768.
  const opts: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Throws a clear bad_request when a new password does not meet the policy. */
export function checkNewPassword(password: unknown): string {
  if (typeof password !== 'string') throw new AppError('bad_request', 'password must be a string');
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new AppError('bad_request', `password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw new AppError('bad_request', `password must have at most ${MAX_PASSWORD_LENGTH} characters`);
  return password;
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  checkNewPassword(password);
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, KEY_BYTES, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

const isPow2 = (n: number) => Number.isInteger(n) && n > 1 && (n & (n - 1)) === 0;

/** Parses a stored hash; null when it is not one we can (or should, given its cost) verify. */
export function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  // Bounds keep a tampered row from costing gigabytes or minutes per login attempt.
  if (!isPow2(N) || N < 1024 || !Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) return null;
  if (128 * N * r * p > MAX_SCRYPT_BYTES) return null;
  const salt = Buffer.from(parts[4] as string, 'base64url');
  const key = Buffer.from(parts[5] as string, 'base64url');
  if (salt.length < 8 || key.length < 16 || key.length > 128) return null;
  return { params: { N, r, p }, salt, key };
}

/** True when `password` matches `stored`; false for a wrong password or an unusable hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || password.length > MAX_PASSWORD_LENGTH) return false;
  const key = await scryptAsync(password, parsed.salt, parsed.key.length, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

const DUMMY_SALT = Buffer.alloc(SALT_BYTES, 7);

/** The same work as a real verification, for unknown users: response time does not reveal names. */
export async function burnVerification(password: string): Promise<false> {
  await scryptAsync(password.slice(0, MAX_PASSWORD_LENGTH), DUMMY_SALT, KEY_BYTES, DEFAULT_SCRYPT);
  return false;
}

/** True when a stored hash uses weaker parameters than today's default (rehash on next login). */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.params.N < params.N || parsed.params.r < params.r || parsed.params.p < params.p;
}

// Random secrets (session ids, CSRF tokens, API tokens, generated passwords) and their digests.
// Only digests of bearer secrets are stored, so the database alone cannot be used to log in.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_TOKEN_PREFIX = 'vgl_';

/** `bytes` of randomness as base64url (no padding). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Lowercase hex SHA-256, the form the repositories store. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A new API token: `vgl_` + 32 random bytes. */
export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomSecret(32)}`;
}

/** A generated password: 18 random bytes = 24 base64url characters. */
export function generatePassword(): string {
  return randomSecret(18);
}

/** Constant-time string comparison (lengths may differ; the length itself is not secret). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

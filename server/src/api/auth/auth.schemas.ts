// zod schemas of the auth, users and tokens request bodies and parameters.
import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-hash';

const username = z.string().min(1).max(64).describe('User name');
const role = z.enum(['admin', 'viewer']).describe('admin may change things; viewer may only look');
const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH)
  .describe('New password');

export const loginBodySchema = z.strictObject({
  username,
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH).describe('Password'),
});

export const createUserBodySchema = z.strictObject({
  username,
  role: role.default('viewer'),
  password: newPassword.optional().describe('Password; generated and returned once when omitted'),
});

export const passwordBodySchema = z.strictObject({
  password: newPassword.optional().describe('New password; generated and returned once when omitted (admin resets only)'),
  current_password: z.string().max(MAX_PASSWORD_LENGTH).optional().describe('Required when changing your own password'),
});

export const roleBodySchema = z.strictObject({ role });

export const usernameParamsSchema = z.object({ username });

export const createTokenBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100).describe('What the token is for, e.g. "home assistant"'),
  username: username.optional().describe('Owner; the caller by default'),
});

export const tokenIdParamsSchema = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

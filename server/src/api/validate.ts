// zod parsing of request parts into typed values; failures become 400 JSON errors.
import type { z } from 'zod';
import { AppError } from '../lib/errors';

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const where = first && first.path.length > 0 ? `${what}.${first.path.join('.')}` : what;
  throw new AppError('bad_request', `${where}: ${first?.message ?? 'invalid'}`, r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
}

// zod building blocks for path and query values (which arrive as strings): booleans, comma lists,
// epoch times, ids and names. Routes compose them; OpenAPI documents them from the same schemas.
import { z } from 'zod';

/** Camera names as the config allows them (also safe in media paths). */
export const CAMERA_NAME = /^[a-z0-9_-]{1,64}$/;
/** Event ids: `<start epoch seconds>-<suffix>` (events/event-id.ts). */
export const EVENT_ID = /^\d{1,12}(\.\d{1,9})?-[a-z0-9]{1,16}$/;
/** Labels (COCO has "traffic light"): letters, digits, space, _ and -; no MQTT wildcards or slashes. */
export const LABEL = /^[A-Za-z0-9][A-Za-z0-9 _-]{0,63}$/;
/** Zone names as the config allows them. */
export const ZONE_NAME = /^[a-z0-9_-]{1,64}$/;

export const cameraParam = z.string().regex(CAMERA_NAME, 'camera names use a-z, 0-9, _ and - (at most 64)').describe('Camera name');
export const eventIdParam = z.string().max(40).regex(EVENT_ID, 'not an event id (expected <epoch seconds>-<suffix>)').describe('Event id');

/** `1`/`0`/`true`/`false` → boolean. */
export const queryBool = z
  .enum(['1', '0', 'true', 'false'])
  .transform((v) => v === '1' || v === 'true')
  .describe('1 or 0 (true or false)');

/** A comma list of names (`a,b,c`); empty items are dropped. */
export function commaList(item: RegExp, what: string, maxItems = 50): z.ZodType<string[], string> {
  return z
    .string()
    .max(4000)
    .transform((v, ctx) => {
      const items = v.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
      if (items.length > maxItems) {
        ctx.addIssue({ code: 'custom', message: `at most ${maxItems} ${what}` });
        return z.NEVER;
      }
      const bad = items.find((s) => !item.test(s));
      if (bad !== undefined) {
        ctx.addIssue({ code: 'custom', message: `invalid ${what.replace(/s$/, '')} ${JSON.stringify(bad.slice(0, 64))}` });
        return z.NEVER;
      }
      return items;
    })
    .describe(`Comma-separated ${what}`);
}

/** Latest time accepted (year 3000): beyond it a value is a mistake (ms instead of s). */
const MAX_EPOCH_S = 32_503_680_000;

/** Epoch seconds (`1700000000.5`) or an ISO-8601 time (`2024-01-01T12:00:00Z`) → epoch seconds. */
export const epochSeconds = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    const t = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : /^\d{4}-\d{2}-\d{2}(T|$)/.test(v) ? Date.parse(v) / 1000 : NaN;
    if (!Number.isFinite(t) || t < 0 || t > MAX_EPOCH_S) {
      ctx.addIssue({ code: 'custom', message: `expected epoch seconds or an ISO-8601 time, got ${JSON.stringify(v.slice(0, 40))}` });
      return z.NEVER;
    }
    return t;
  })
  .describe('Epoch seconds, or an ISO-8601 time');

/** A decimal number from a query string, within bounds. */
export function queryNumber(min: number, max: number, description: string): z.ZodType<number, string> {
  return z
    .string()
    .max(32)
    .regex(/^-?\d+(\.\d+)?$/, 'expected a number')
    .transform(Number)
    .pipe(z.number().min(min).max(max))
    .describe(description);
}

/** An integer from a query string, within bounds. */
export function queryInt(min: number, max: number, description: string): z.ZodType<number, string> {
  return z
    .string()
    .max(16)
    .regex(/^-?\d+$/, 'expected an integer')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .describe(description);
}

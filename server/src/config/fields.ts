// Building blocks for the config schema: polygons, URLs, and the "override" form of a section
// (same keys, every one optional, no defaults) used for per-camera overrides of global sections.
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { isIP } from 'node:net';
import { z } from 'zod';

/** A polygon: "x1,y1,x2,y2,..." (Frigate style) or [[x, y], ...]; pixels of the detect frame, or
 * relative (0..1) when every value is ≤ 1. At least three points. */
export const polygonSchema = z
  .union([z.string(), z.array(z.tuple([z.number(), z.number()]))])
  .transform((v, ctx): [number, number][] => {
    let pts: [number, number][];
    if (typeof v === 'string') {
      const nums = v.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
      if (nums.some((n) => !Number.isFinite(n)) || nums.length % 2 !== 0) {
        ctx.addIssue({ code: 'custom', message: 'expected "x1,y1,x2,y2,..." with an even count of numbers' });
        return z.NEVER;
      }
      pts = [];
      for (let i = 0; i < nums.length; i += 2) pts.push([nums[i] as number, nums[i + 1] as number]);
    } else {
      pts = v;
    }
    if (pts.length < 3) {
      ctx.addIssue({ code: 'custom', message: 'a polygon needs at least 3 points' });
      return z.NEVER;
    }
    if (pts.some(([x, y]) => x < 0 || y < 0)) {
      ctx.addIssue({ code: 'custom', message: 'polygon coordinates must not be negative' });
      return z.NEVER;
    }
    return pts;
  })
  .describe('Polygon: "x1,y1,x2,y2,..." or [[x,y],...] in detect-frame pixels, or relative 0..1');

export type Polygon = [number, number][];

/** Links that look like metadata services (cloud instance metadata, link-local) are refused. */
export function isLinkLocalHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (/^169\.254\./.test(h)) return true;
  if (h.startsWith('fe80:')) return true;
  if (h === 'metadata.google.internal' || h === 'metadata') return true;
  return false;
}

/** A camera source: file://, rtsp(s)://, http(s):// (MJPEG) or /dev/videoN. */
export const sourceSchema = z.string().superRefine((v, ctx) => {
  if (/^\/dev\/video\d+$/.test(v)) return;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected a URL (file://, rtsp://, http(s)://) or a device path /dev/videoN' });
    return;
  }
  if (!['file:', 'rtsp:', 'rtsps:', 'http:', 'https:'].includes(u.protocol)) {
    ctx.addIssue({ code: 'custom', message: `unsupported source scheme "${u.protocol.replace(':', '')}" (use file, rtsp, http(s) or /dev/videoN)` });
    return;
  }
  if (u.protocol === 'file:' && u.pathname.length < 2) ctx.addIssue({ code: 'custom', message: 'file:// source needs a path' });
  if (u.protocol !== 'file:' && !u.hostname) ctx.addIssue({ code: 'custom', message: 'source URL needs a host' });
});

/** A webhook or integration URL: http(s) only, link-local (metadata) addresses refused. */
export const httpUrlSchema = z.string().superRefine((v, ctx) => {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected an http(s) URL' });
    return;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: 'only http and https URLs are allowed' });
    return;
  }
  if (isLinkLocalHost(u.hostname)) ctx.addIssue({ code: 'custom', message: 'link-local and metadata addresses are refused' });
});

const NAMED_PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An entry express accepts as "trust proxy": a named range, an address, or a subnet. */
export function isTrustedProxyEntry(entry: string): boolean {
  if (NAMED_PROXY_RANGES.has(entry)) return true;
  const [addr, bits, ...rest] = entry.split('/');
  if (rest.length > 0 || !addr || isIP(addr) === 0) return false;
  if (bits === undefined) return true;
  // A prefix length, or (IPv4) a dotted netmask as express accepts.
  if (/^\d{1,3}$/.test(bits)) return Number(bits) <= (isIP(addr) === 4 ? 32 : 128);
  return isIP(addr) === 4 && isIP(bits) === 4;
}

export const TRUSTED_PROXY_HINT = 'is not an IP address, a subnet (10.0.0.0/8) or one of loopback, linklocal, uniquelocal';

export const trustedProxySchema = z.string().superRefine((e, ctx) => {
  if (!isTrustedProxyEntry(e.trim())) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(e)} ${TRUSTED_PROXY_HINT}` });
});

/** Extra HTTP request headers: names and values Node would refuse to send are config errors. */
export const headerMapSchema = z.record(z.string(), z.string()).superRefine((headers, ctx) => {
  for (const [k, v] of Object.entries(headers)) {
    try {
      validateHeaderName(k);
      validateHeaderValue(k, v);
    } catch (e) {
      ctx.addIssue({ code: 'custom', path: [k], message: e instanceof Error ? e.message.replace(/ \[.*\]$/, '') : 'invalid header' });
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Override schemas: the same keys as a section, each optional and without its default.

/** Turns an object schema with defaults into one where every key (deeply) is optional and has no
 * default, so a camera can override only the keys it names. Unknown keys stay errors. */
export function overrideOf<T extends z.ZodType>(schema: T): z.ZodType<DeepPartial<z.output<T>>> {
  return strip(schema) as unknown as z.ZodType<DeepPartial<z.output<T>>>;
}

function strip(s: z.ZodType): z.ZodType {
  if (s instanceof z.ZodDefault || s instanceof z.ZodPrefault || s instanceof z.ZodOptional) {
    return strip(s.unwrap() as z.ZodType);
  }
  if (s instanceof z.ZodObject) {
    const shape: Record<string, z.ZodType> = {};
    for (const [k, v] of Object.entries(s.shape as Record<string, z.ZodType>)) shape[k] = strip(v).optional();
    return z.strictObject(shape);
  }
  if (s instanceof z.ZodRecord) {
    return z.record(s.keyType as z.ZodString, strip(s.valueType as z.ZodType));
  }
  return s;
}

export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** Deep merge for override objects: arrays and scalars replace, objects merge. */
export function deepMerge<T>(base: T, over: DeepPartial<T> | undefined): T {
  if (over === undefined || over === null) return base;
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return over as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over as Record<string, unknown>)) {
    if (v === undefined) continue;
    const b = out[k];
    out[k] = b && typeof b === 'object' && !Array.isArray(b) && v && typeof v === 'object' && !Array.isArray(v) ? deepMerge(b, v as DeepPartial<typeof b>) : v;
  }
  return out as T;
}

// Request headers of a webhook delivery, including the HMAC-SHA256 signature of the exact body
// bytes, so receivers can check that a body came from this box and was not altered.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { AppError, errorMessage } from '../lib/errors';

export const SIGNATURE_HEADER = 'X-Vigil-Signature';
export const DELIVERY_HEADER = 'X-Vigil-Delivery';
export const EVENT_HEADER = 'X-Vigil-Event';

/** Header names Vigil sets itself (or the HTTP client owns): configured ones are ignored. */
const RESERVED = new Set(['content-type', 'content-length', 'user-agent', 'host', 'connection', 'transfer-encoding', 'x-vigil-signature', 'x-vigil-delivery', 'x-vigil-event']);

/** `sha256=<hex HMAC-SHA256 of the body bytes>`, keyed by the secret's UTF-8 bytes. */
export function signBody(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('hex')}`;
}

/** Constant-time check of a signature header against a body (what a receiver does). */
export function verifySignature(body: string | Buffer, secret: string, header: string | undefined): boolean {
  if (!header) return false;
  const want = Buffer.from(signBody(body, secret));
  const got = Buffer.from(header);
  return want.length === got.length && timingSafeEqual(want, got);
}

export interface DeliveryHeaderInput {
  deliveryId: string;
  type: string;
  version: string;
  body: string;
  secret?: string;
  /** Configured extra headers; reserved names are dropped. */
  extra?: Record<string, string>;
}

export function deliveryHeaders(d: DeliveryHeaderInput): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.extra ?? {})) if (!RESERVED.has(k.toLowerCase())) out[k] = v;
  out['Content-Type'] = 'application/json';
  out['User-Agent'] = `Vigil/${d.version}`;
  out[DELIVERY_HEADER] = d.deliveryId;
  out[EVENT_HEADER] = d.type;
  if (d.secret) out[SIGNATURE_HEADER] = signBody(d.body, d.secret);
  return out;
}

/** Throws a config error naming the hook when a configured header could not be sent. */
export function checkHeaders(hook: number, headers: Record<string, string>): void {
  for (const [k, v] of Object.entries(headers)) {
    try {
      validateHeaderName(k);
      validateHeaderValue(k, v);
    } catch (e) {
      throw new AppError('config_invalid', `webhooks.${hook}.headers.${k}: ${errorMessage(e)}`);
    }
  }
}

// Parsing of what WebSocket clients send: small JSON text messages only. Anything else (binary,
// oversized, not JSON, unknown action, bad values) becomes an `error` reply, never an exception.
import { z } from 'zod';
import type { ClientMessage } from '../contracts/ws-messages';

/** Client messages larger than this are answered with an error (the socket's own limit is higher). */
export const MAX_CLIENT_MESSAGE_BYTES = 4096;

const camera = z.string().regex(/^[a-z0-9_-]{1,64}$/, 'camera names use a-z, 0-9, _ and -');

const subscribe = z.strictObject({
  action: z.literal('subscribe'),
  camera,
  fps: z.number().min(0.2).max(10).default(5),
  height: z.number().min(90).max(1080).transform(Math.round).default(360),
});

export const clientMessageSchema = z.discriminatedUnion('action', [
  subscribe,
  z.strictObject({ action: z.literal('unsubscribe'), camera }),
  z.strictObject({ action: z.literal('ping') }),
]);

export type ParsedClientMessage = z.output<typeof clientMessageSchema>;

export type ParseResult = { ok: true; message: ParsedClientMessage } | { ok: false; code: 'bad_request' | 'payload_too_large' | 'unsupported'; message: string };

// Compile-time check: every parsed message is a ClientMessage of the shared contract.
const _contract: (m: ParsedClientMessage) => ClientMessage = (m) => m;
void _contract;

function text(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

export function parseClientMessage(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): ParseResult {
  if (isBinary) return { ok: false, code: 'unsupported', message: 'binary messages are not accepted: send JSON text' };
  const buf = text(data);
  if (buf.length > MAX_CLIENT_MESSAGE_BYTES) {
    return { ok: false, code: 'payload_too_large', message: `message of ${buf.length} bytes exceeds ${MAX_CLIENT_MESSAGE_BYTES}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(buf.toString('utf8'));
  } catch {
    return { ok: false, code: 'bad_request', message: 'message is not JSON' };
  }
  const r = clientMessageSchema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0];
    const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    return { ok: false, code: 'bad_request', message: `${where}${first?.message ?? 'invalid message'} (actions: subscribe, unsubscribe, ping)` };
  }
  return { ok: true, message: r.data };
}

// Binary live frames on the WebSocket: [u32 BE header length][UTF-8 JSON LiveFrameHeader][JPEG].
// The header carries what the dashboard draws over the picture (objects, motion, regions).
import type { LiveFrameHeader } from '../contracts/ws-messages';
import { AppError } from '../lib/errors';

/** A header longer than this is refused when decoding (the server never writes one). */
export const MAX_HEADER_BYTES = 1 << 20;

export function encodeLivePacket(header: LiveFrameHeader, jpeg: Uint8Array): Buffer {
  const h = Buffer.from(JSON.stringify(header), 'utf8');
  const out = Buffer.allocUnsafe(4 + h.length + jpeg.length);
  out.writeUInt32BE(h.length, 0);
  h.copy(out, 4);
  out.set(jpeg, 4 + h.length);
  return out;
}

export function decodeLivePacket(packet: Uint8Array): { header: LiveFrameHeader; jpeg: Buffer } {
  const buf = Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength);
  if (buf.length < 4) throw new AppError('bad_request', `live packet too short (${buf.length} bytes)`);
  const n = buf.readUInt32BE(0);
  if (n === 0 || n > MAX_HEADER_BYTES || 4 + n > buf.length) throw new AppError('bad_request', `live packet header length ${n} does not fit ${buf.length} bytes`);
  let header: unknown;
  try {
    header = JSON.parse(buf.subarray(4, 4 + n).toString('utf8'));
  } catch {
    throw new AppError('bad_request', 'live packet header is not JSON');
  }
  if (!header || typeof header !== 'object' || typeof (header as LiveFrameHeader).camera !== 'string') {
    throw new AppError('bad_request', 'live packet header has no camera');
  }
  return { header: header as LiveFrameHeader, jpeg: buf.subarray(4 + n) };
}

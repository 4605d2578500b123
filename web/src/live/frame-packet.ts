// Parses a binary live frame: [u32 BE header length][JSON LiveFrameHeader][JPEG bytes].
import type { LiveFrameHeader } from '../../../server/src/contracts/ws-messages';

export interface LiveFrame {
  header: LiveFrameHeader;
  jpeg: Uint8Array<ArrayBuffer>;
}

export class FramePacketError extends Error {}

const MAX_HEADER = 1 << 20;

function isBoxList(v: unknown): boolean {
  return Array.isArray(v) && v.every((b) => Array.isArray(b) && b.length === 4 && b.every((n) => typeof n === 'number'));
}

export function parseLiveFrame(data: ArrayBuffer): LiveFrame {
  if (data.byteLength < 4) throw new FramePacketError(`live frame too short (${data.byteLength} bytes)`);
  const headerLength = new DataView(data).getUint32(0, false);
  if (headerLength === 0 || headerLength > MAX_HEADER || 4 + headerLength > data.byteLength) {
    throw new FramePacketError(`live frame header length ${headerLength} does not fit ${data.byteLength} bytes`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(new Uint8Array(data, 4, headerLength)));
  } catch {
    throw new FramePacketError('live frame header is not JSON');
  }
  const h = header as Partial<LiveFrameHeader> | null;
  if (!h || typeof h.camera !== 'string' || typeof h.width !== 'number' || typeof h.height !== 'number' || typeof h.frame_time !== 'number') {
    throw new FramePacketError('live frame header lacks camera, frame_time, width or height');
  }
  const objects = Array.isArray(h.objects) ? h.objects.filter((o) => o && typeof o.label === 'string' && isBoxList([o.box])) : [];
  const full: LiveFrameHeader = {
    camera: h.camera,
    frame_time: h.frame_time,
    width: h.width,
    height: h.height,
    objects,
    motion: isBoxList(h.motion) ? (h.motion as LiveFrameHeader['motion']) : [],
    regions: isBoxList(h.regions) ? (h.regions as LiveFrameHeader['regions']) : [],
  };
  return { header: full, jpeg: new Uint8Array(data, 4 + headerLength) };
}

// The binary live frame layout: [u32 BE header length][JSON header][JPEG].
import type { LiveFrameHeader } from '../../../server/src/contracts/ws-messages';
import { decodeLivePacket, encodeLivePacket } from '../../../server/src/live/live-packet';

const header: LiveFrameHeader = {
  camera: 'front',
  frame_time: 1700000000.5,
  width: 640,
  height: 360,
  objects: [{ id: 't1', label: 'person', score: 0.91, box: [10, 20, 110, 220], stationary: false }],
  motion: [[0, 0, 50, 50]],
  regions: [[0, 0, 320, 320]],
};
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);

describe('live packets', () => {
  it('lays out the header length, the JSON header and the JPEG bytes', () => {
    const p = encodeLivePacket(header, jpeg);
    const json = Buffer.from(JSON.stringify(header));
    expect(p.readUInt32BE(0)).toBe(json.length);
    expect(p.subarray(4, 4 + json.length).equals(json)).toBe(true);
    expect(p.subarray(4 + json.length).equals(jpeg)).toBe(true);
    expect(decodeLivePacket(p)).toEqual({ header, jpeg });
  });

  it('decodes from a view into a larger buffer', () => {
    const p = encodeLivePacket(header, jpeg);
    const big = new Uint8Array(p.length + 10);
    big.set(p, 5);
    expect(decodeLivePacket(big.subarray(5, 5 + p.length)).header).toEqual(header);
  });

  it.each<[string, Buffer, string]>([
    ['too short', Buffer.from([0, 0]), 'too short'],
    ['zero header', Buffer.from([0, 0, 0, 0, 1]), 'does not fit'],
    ['header past the end', Buffer.concat([Buffer.from([0, 0, 0, 50]), Buffer.from('{}')]), 'does not fit'],
    ['not JSON', Buffer.concat([Buffer.from([0, 0, 0, 3]), Buffer.from('abc')]), 'not JSON'],
    ['no camera', Buffer.concat([Buffer.from([0, 0, 0, 2]), Buffer.from('{}')]), 'no camera'],
  ])('refuses %s', (_n, buf, msg) => {
    expect(() => decodeLivePacket(buf)).toThrow(msg);
  });
});

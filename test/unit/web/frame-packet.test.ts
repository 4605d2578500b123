// Binary live frames: [u32 BE header length][JSON header][JPEG] parsed, bad packets refused.
import { FramePacketError, parseLiveFrame } from '../../../web/src/live/frame-packet';

function packet(header: unknown, jpeg: number[], lengthOverride?: number): ArrayBuffer {
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header));
  const buf = Buffer.alloc(4 + json.length + jpeg.length);
  buf.writeUInt32BE(lengthOverride ?? json.length, 0);
  json.copy(buf, 4);
  Buffer.from(jpeg).copy(buf, 4 + json.length);
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) as ArrayBuffer;
}

const HEADER = {
  camera: 'front',
  frame_time: 1700000000.25,
  width: 768,
  height: 576,
  objects: [{ id: 'o1', label: 'person', score: 0.9, box: [10, 20, 110, 220], stationary: false }],
  motion: [[0, 0, 50, 50]],
  regions: [[0, 0, 320, 320]],
};

describe('parseLiveFrame', () => {
  it('splits header and JPEG bytes', () => {
    const f = parseLiveFrame(packet(HEADER, [0xff, 0xd8, 0xff, 0xd9]));
    expect(f.header).toEqual(HEADER);
    expect([...f.jpeg]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
  });

  it('fills missing overlay lists and drops malformed objects', () => {
    const f = parseLiveFrame(packet({ camera: 'c', frame_time: 1, width: 2, height: 3, objects: [{ label: 'x', box: [1, 2] }, { id: 'ok', label: 'car', score: 0.5, box: [1, 2, 3, 4], stationary: true }], motion: 'nope' }, [1]));
    expect(f.header.objects.map((o) => o.label)).toEqual(['car']);
    expect(f.header.motion).toEqual([]);
    expect(f.header.regions).toEqual([]);
  });

  it.each<[string, ArrayBuffer, RegExp]>([
    ['too short', new ArrayBuffer(3), /too short/],
    ['header longer than the packet', packet(HEADER, [1, 2], 5000), /does not fit/],
    ['zero header length', packet(HEADER, [1], 0), /does not fit/],
    ['not JSON', packet('{oops', [1]), /not JSON/],
    ['JSON null', packet('null', [1]), /lacks/],
    ['no camera', packet({ frame_time: 1, width: 1, height: 1 }, [1]), /lacks/],
  ])('refuses a packet that is %s', (_name, data, message) => {
    expect(() => parseLiveFrame(data)).toThrow(FramePacketError);
    expect(() => parseLiveFrame(data)).toThrow(message);
  });
});

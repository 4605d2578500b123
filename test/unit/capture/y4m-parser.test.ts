// YUV4MPEG2 parsing: header tags, frames split across chunks at every possible boundary, several
// frames per chunk, buffers from the caller, and clear errors for streams that are not y4m.
import { parseY4mHeader, Y4mParser, type Y4mHeader } from '../../../server/src/capture/y4m-parser';

function stream(w: number, h: number, frames: number, fill = (f: number, i: number) => (f * 31 + i) & 0xff): Buffer {
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${w} H${h} F10:1 Ip A1:1 C420jpeg XYSCSS=420JPEG\n`, 'latin1')];
  const n = (w * h * 3) / 2;
  for (let f = 0; f < frames; f++) {
    parts.push(Buffer.from('FRAME\n', 'latin1'));
    parts.push(Buffer.from(Array.from({ length: n }, (_, i) => fill(f, i))));
  }
  return Buffer.concat(parts);
}

function collect() {
  const frames: Buffer[] = [];
  const allocs: number[] = [];
  const headers: Y4mHeader[] = [];
  const parser = new Y4mParser(
    (bytes) => {
      allocs.push(bytes);
      return Buffer.alloc(bytes + 7); // a pool may hand out bigger buffers
    },
    (buf, h) => frames.push(Buffer.from(buf.subarray(0, h.frameBytes))),
    (h) => headers.push(h),
  );
  return { parser, frames, allocs, headers };
}

describe('parseY4mHeader', () => {
  it.each([
    ['YUV4MPEG2 W1280 H720 F10:1 Ip A1:1 C420jpeg XYSCSS=420JPEG', { width: 1280, height: 720, fps: 10, frameBytes: 1382400 }],
    ['YUV4MPEG2 W4 H2 F30000:1001', { width: 4, height: 2, fps: 30000 / 1001, frameBytes: 12 }],
    ['YUV4MPEG2 W640 H480 C420mpeg2', { width: 640, height: 480, fps: 0, frameBytes: 460800 }],
  ])('%s', (line, expected) => {
    expect(parseY4mHeader(line)).toEqual(expected);
  });

  it.each([
    ['RIFF W4 H2', /not a YUV4MPEG2 stream/],
    ['YUV4MPEG2 W3 H2', /3x2 is not usable/],
    ['YUV4MPEG2 H2', /0x2 is not usable/],
    ['YUV4MPEG2 W4 H2 C444', /only 4:2:0/],
  ])('refuses %s', (line, message) => {
    expect(() => parseY4mHeader(line)).toThrow(message);
  });
});

describe('Y4mParser', () => {
  it('reads frames whatever the chunk boundaries', () => {
    const whole = stream(4, 2, 3);
    for (let size = 1; size <= whole.length; size += size < 8 ? 1 : 5) {
      const { parser, frames, headers } = collect();
      for (let i = 0; i < whole.length; i += size) parser.push(whole.subarray(i, i + size));
      expect(headers).toHaveLength(1);
      expect(frames).toHaveLength(3);
      expect([...frames[2]!]).toEqual(Array.from({ length: 12 }, (_, i) => (2 * 31 + i) & 0xff));
    }
  });

  it('asks for one buffer per frame and keeps FRAME parameters out of the pixels', () => {
    const { parser, frames, allocs } = collect();
    parser.push(Buffer.from('YUV4MPEG2 W2 H2 F5:1\nFRAME Ixyz\n', 'latin1'));
    parser.push(Buffer.from([1, 2, 3, 4, 5, 6]));
    parser.push(Buffer.from('FRAME\n', 'latin1'));
    parser.push(Buffer.from([9, 9, 9, 9, 9, 9]));
    expect(allocs).toEqual([6, 6]);
    expect(frames.map((f) => [...f])).toEqual([[1, 2, 3, 4, 5, 6], [9, 9, 9, 9, 9, 9]]);
    expect(parser.stream).toEqual({ width: 2, height: 2, fps: 5, frameBytes: 6 });
  });

  it('refuses a stream whose frames are not marked', () => {
    const { parser } = collect();
    expect(() => parser.push(Buffer.from('YUV4MPEG2 W2 H2\nJUNK\n', 'latin1'))).toThrow(/expected FRAME/);
  });

  it('refuses an endless header line', () => {
    const { parser } = collect();
    expect(() => parser.push(Buffer.alloc(2000, 0x41))).toThrow(/too long/);
  });
});

// A streaming parser for YUV4MPEG2 (what `ffmpeg -f yuv4mpegpipe` writes): a text header line,
// then per frame a "FRAME" line and the raw I420 planes. Bytes arrive in pipe-sized chunks and
// are copied straight into frame buffers from the caller (a pool), so nothing is concatenated.
import { AppError } from '../lib/errors';

export interface Y4mHeader {
  width: number;
  height: number;
  /** Frames per second from the F tag (0 when absent). */
  fps: number;
  /** Bytes per frame: width × height × 1.5 (4:2:0). */
  frameBytes: number;
}

const MAX_LINE = 1024;
const MAX_SIDE = 16384;

/** Parses the stream header line (without its newline). */
export function parseY4mHeader(line: string): Y4mHeader {
  const tags = line.split(' ');
  if (tags[0] !== 'YUV4MPEG2') throw new AppError('bad_request', `not a YUV4MPEG2 stream (starts with ${JSON.stringify(line.slice(0, 16))})`);
  let width = 0;
  let height = 0;
  let fps = 0;
  let chroma = '420jpeg';
  for (const t of tags.slice(1)) {
    const v = t.slice(1);
    if (t[0] === 'W') width = Number(v);
    else if (t[0] === 'H') height = Number(v);
    else if (t[0] === 'C') chroma = v;
    else if (t[0] === 'F') {
      const [n, d] = v.split(':').map(Number);
      fps = n !== undefined && d ? n / d : 0;
    }
  }
  const ok = (n: number) => Number.isInteger(n) && n > 0 && n <= MAX_SIDE && n % 2 === 0;
  if (!ok(width) || !ok(height)) throw new AppError('bad_request', `YUV4MPEG2 frame size ${width}x${height} is not usable (even sides up to ${MAX_SIDE})`);
  if (!chroma.startsWith('420')) throw new AppError('unsupported', `YUV4MPEG2 chroma ${chroma}: only 4:2:0 is read`);
  return { width, height, fps: Number.isFinite(fps) ? fps : 0, frameBytes: (width * height * 3) / 2 };
}

export class Y4mParser {
  private header: Y4mHeader | null = null;
  private line = '';
  private frame: Buffer | null = null;
  private filled = 0;

  /**
   * `alloc` gives a buffer of at least `bytes` for the next frame; `onFrame` receives it full
   * (the first `frameBytes` bytes are the frame) and owns it from then on.
   */
  constructor(
    private readonly alloc: (bytes: number) => Buffer,
    private readonly onFrame: (frame: Buffer, header: Y4mHeader) => void,
    private readonly onHeader: (header: Y4mHeader) => void = () => undefined,
  ) {}

  get stream(): Y4mHeader | null {
    return this.header;
  }

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.frame) {
        const h = this.header as Y4mHeader;
        const n = Math.min(h.frameBytes - this.filled, chunk.length - i);
        this.frame.set(chunk.subarray(i, i + n), this.filled);
        this.filled += n;
        i += n;
        if (this.filled === h.frameBytes) {
          const f = this.frame;
          this.frame = null;
          this.onFrame(f, h);
        }
        continue;
      }
      // A text line: the stream header, or a frame's "FRAME[ params]" line.
      const nl = chunk.indexOf(0x0a, i);
      const end = nl < 0 ? chunk.length : nl;
      this.line += Buffer.from(chunk.buffer, chunk.byteOffset + i, end - i).toString('latin1');
      if (this.line.length > MAX_LINE) throw new AppError('bad_request', 'YUV4MPEG2 header line too long');
      i = end;
      if (nl < 0) break;
      i++; // the newline
      const line = this.line;
      this.line = '';
      if (!this.header) {
        this.header = parseY4mHeader(line);
        this.onHeader(this.header);
      } else if (line === 'FRAME' || line.startsWith('FRAME ')) {
        const buf = this.alloc(this.header.frameBytes);
        if (buf.length < this.header.frameBytes) throw new AppError('internal', 'frame buffer too small');
        this.frame = buf;
        this.filled = 0;
      } else {
        throw new AppError('bad_request', `YUV4MPEG2: expected FRAME, got ${JSON.stringify(line.slice(0, 16))}`);
      }
    }
  }
}

// Reads the CSV segment list ffmpeg's segment muxer appends to: one `file,start,end` line per
// finished segment, written only after the segment file was closed. Lines may arrive in pieces.

export interface SegmentListEntry {
  /** As ffmpeg wrote it (the path from the segment pattern). */
  file: string;
  /** Seconds, in the run's time base (see RunTimeBase). */
  start: number;
  end: number;
}

/** One CSV line; null when it is not a complete `file,start,end` record. */
export function parseSegmentLine(line: string): SegmentListEntry | null {
  let file: string;
  let rest: string;
  if (line.startsWith('"')) {
    // ffmpeg quotes names holding `,` `"` or newlines and doubles inner quotes.
    let i = 1;
    let out = '';
    for (;;) {
      if (i >= line.length) return null;
      const c = line[i] as string;
      if (c === '"') {
        if (line[i + 1] === '"') {
          out += '"';
          i += 2;
          continue;
        }
        break;
      }
      out += c;
      i++;
    }
    file = out;
    rest = line.slice(i + 1);
    if (!rest.startsWith(',')) return null;
    rest = rest.slice(1);
  } else {
    const comma = line.indexOf(',');
    if (comma <= 0) return null;
    file = line.slice(0, comma);
    rest = line.slice(comma + 1);
  }
  const parts = rest.split(',');
  if (parts.length !== 2) return null;
  const [a, b] = parts as [string, string];
  if (!/^-?\d+(\.\d+)?$/.test(a) || !/^-?\d+(\.\d+)?$/.test(b)) return null;
  const start = Number(a);
  const end = Number(b);
  if (!Number.isFinite(start) || !Number.isFinite(end) || file === '') return null;
  return { file, start, end };
}

/** Splits appended text into entries, keeping an unfinished last line for the next chunk. */
export class SegmentListReader {
  private carry = '';
  /** Lines that were complete but not understood (reported, never indexed). */
  readonly rejected: string[] = [];

  push(chunk: string): SegmentListEntry[] {
    const text = this.carry + chunk;
    const lines = text.split('\n');
    this.carry = lines.pop() ?? '';
    const out: SegmentListEntry[] = [];
    for (const raw of lines) {
      const line = raw.replace(/\r$/, '');
      if (line === '') continue;
      const e = parseSegmentLine(line);
      if (e) out.push(e);
      else this.rejected.push(line);
    }
    return out;
  }

  /** Text received after the last newline (ffmpeg ends every record with one). */
  get pending(): string {
    return this.carry;
  }
}

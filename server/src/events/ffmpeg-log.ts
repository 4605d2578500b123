// What the recorder reads out of ffmpeg's stderr: the wall-clock start of the input, whether the
// stream was copied, and why a run ended (camera gone, disk full, or something else). Pure text.
import type { GapReason } from '../contracts/domain';
import { redactUrls } from '../lib/redact';

/** `Duration: N/A, start: 1795626920.012944, bitrate: N/A` of the input dump, in seconds. */
export function parseInputStart(line: string): number | null {
  const m = /^\s*Duration: [^,]+, start: (-?\d+(?:\.\d+)?),/.exec(line);
  if (!m) return null;
  const v = Number(m[1]);
  return Number.isFinite(v) ? v : null;
}

/** `Stream #0:0 -> #0:0 (copy)`: ffmpeg's own statement that a stream is not transcoded. */
export function isCopyMapping(line: string): boolean {
  return /^\s*Stream #\d+:\d+ -> #\d+:\d+ \(copy\)\s*$/.test(line);
}

const DISK_FULL = /No space left on device|ENOSPC|Disk quota exceeded/i;
const SOURCE_GONE =
  /Connection refused|Connection timed out|Connection reset|timed out|Network is unreachable|No route to host|Server returned [45]\d\d|method (?:DESCRIBE|SETUP|PLAY) failed|End of file|Broken pipe|Host is unreachable|Could not find codec parameters|Invalid data found when processing input|404 Not Found|401 Unauthorized/i;

export function isDiskFull(text: string): boolean {
  return DISK_FULL.test(text);
}

export interface RunEnd {
  code: number | null;
  signal: string | null;
  /** Recent stderr lines, already redacted. */
  lines: string[];
  /** The camera (as the capture side sees it) is online. */
  cameraOnline: boolean;
}

/** The gap reason for a run that ended without being asked to, and a one-line detail. */
export function classifyRunEnd(e: RunEnd): { reason: GapReason; detail: string } {
  const text = e.lines.join('\n');
  const how = e.signal ? `killed by ${e.signal}` : `exit code ${e.code ?? '?'}`;
  const last = lastMeaningful(e.lines);
  const detail = redactUrls(last ? `recorder ${how}: ${last}` : `recorder ${how}`).slice(0, 300);
  if (isDiskFull(text)) return { reason: 'disk_full', detail };
  // A live input never ends by itself: a clean exit nobody asked for means the source went away.
  const inputEnded = e.signal === null && (e.code === 0 || SOURCE_GONE.test(text));
  if (!e.cameraOnline || inputEnded) return { reason: 'camera_offline', detail };
  return { reason: 'recorder_restart', detail };
}

/** The last line that says something (ffmpeg ends with summaries such as `video:940kB ...`). */
function lastMeaningful(lines: string[]): string | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = (lines[i] as string).trim();
    if (l === '' || /^(frame=|video:|Exiting normally|\[q\] command received|Press \[q\])/.test(l)) continue;
    return l.replace(/^\[[^\]]+ @ 0x[0-9a-f]+\]\s*/, '');
  }
  return null;
}

/** Joins stderr chunks into lines (ffmpeg writes a log prefix and its message separately). */
export class StderrLines {
  private carry = '';
  readonly tail: string[] = [];

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly keep = 30,
  ) {}

  push(chunk: string): void {
    const parts = (this.carry + chunk).split(/\r?\n|\r/);
    this.carry = (parts.pop() ?? '').slice(-4000);
    for (const p of parts) this.emit(p);
  }

  flush(): void {
    if (this.carry) this.emit(this.carry);
    this.carry = '';
  }

  private emit(raw: string): void {
    const line = redactUrls(raw.trimEnd()).slice(0, 1000);
    if (line.trim() === '') return;
    this.tail.push(line);
    if (this.tail.length > this.keep) this.tail.shift();
    this.onLine(line);
  }
}

// Why a file source cannot be read, in words an operator can act on (empty, no video stream, a
// codec without a decoder), instead of OpenCV's bare "cannot open". Asked once per failed open,
// inside the camera's capture child only, so a slow probe never holds up the main process.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  codec_tag_string?: string;
}

/** The explanation for ffprobe's view of a file (pure); null when the file looks playable. */
export function explainProbe(streams: readonly ProbeStream[]): string | null {
  const video = streams.filter((s) => s.codec_type === 'video');
  if (video.length === 0) {
    const kinds = [...new Set(streams.map((s) => s.codec_type).filter((k): k is string => Boolean(k)))];
    return kinds.length > 0 ? `the file has no video stream (only ${kinds.join(', ')})` : 'the file has no video stream';
  }
  const v = video[0] as ProbeStream;
  if (!v.codec_name || v.codec_name === 'unknown' || v.codec_name === 'none') {
    const tag = v.codec_tag_string && /^[\x20-\x7e]{1,16}$/.test(v.codec_tag_string) ? ` "${v.codec_tag_string}"` : '';
    return `no decoder for the file's video codec${tag}`;
  }
  return null;
}

/** The first line ffprobe printed for an unreadable file, without its `[demuxer @ 0x…]` prefix. */
export function probeErrorLine(stderr: string): string | null {
  const line = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  if (!line) return null;
  return line.replace(/^\[[^\]]+ @ 0x[0-9a-f]+\]\s*/, '').replace(/^.*?: (?=[A-Z][a-z])/, '').slice(0, 200);
}

/** A reason for a file that OpenCV could not open or read, or null when nothing better is known. */
export function diagnoseFile(file: string): string | null {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return 'the file cannot be read';
  }
  if (size === 0) return 'the file is empty';
  try {
    const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,codec_tag_string', '-of', 'json', file], {
      encoding: 'utf8',
      timeout: 5000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const parsed = JSON.parse(out) as { streams?: ProbeStream[] };
    return explainProbe(parsed.streams ?? []);
  } catch (e) {
    const stderr = (e as { stderr?: unknown }).stderr;
    const detail = typeof stderr === 'string' ? probeErrorLine(stderr) : null;
    return detail ? `not a readable video file (${detail})` : 'not a readable video file';
  }
}

// Short ffmpeg/ffprobe runs on local files (probe a segment, remux one, cut a clip), with a
// timeout and a clear error carrying ffmpeg's last words instead of a crash.
import { execFile } from 'node:child_process';
import { AppError } from '../lib/errors';
import { redactUrls } from '../lib/redact';

export interface MediaInfo {
  /** Container start time in seconds (0 for our segments; absolute for ffmpeg's first -copyts one). */
  startTime: number;
  duration: number;
  /** First video stream; null when the file has none. */
  video: { codec: string; profile: string | null; width: number; height: number; frames: number | null } | null;
  bytes: number;
}

interface ProbeJson {
  streams?: { codec_type?: string; codec_name?: string; profile?: string; width?: number; height?: number; nb_frames?: string }[];
  format?: { start_time?: string; duration?: string; size?: string };
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) {
        const last = redactUrls(String(stderr)).trim().split('\n').slice(-3).join(' | ');
        const why = (err as { killed?: boolean }).killed ? `timed out after ${timeoutMs} ms` : last || err.message;
        reject(new AppError('internal', `${cmd} failed: ${why}`));
        return;
      }
      resolve({ stdout, stderr });
    });
  });
}

/** ffprobe a media file. Throws AppError('not_found') when it is missing or unreadable. */
export async function probeMedia(file: string, timeoutMs = 15_000): Promise<MediaInfo> {
  let out: string;
  try {
    out = (
      await run(
        'ffprobe',
        ['-v', 'error', '-show_entries', 'format=start_time,duration,size:stream=codec_type,codec_name,profile,width,height,nb_frames', '-of', 'json', file],
        timeoutMs,
      )
    ).stdout;
  } catch (e) {
    throw new AppError('not_found', `cannot read media ${file}: ${(e as Error).message}`);
  }
  const j = JSON.parse(out) as ProbeJson;
  const v = j.streams?.find((s) => s.codec_type === 'video');
  const num = (s: string | undefined) => (s !== undefined && s !== 'N/A' && Number.isFinite(Number(s)) ? Number(s) : null);
  return {
    startTime: num(j.format?.start_time) ?? 0,
    duration: num(j.format?.duration) ?? 0,
    bytes: num(j.format?.size) ?? 0,
    video: v
      ? { codec: v.codec_name ?? 'unknown', profile: v.profile ?? null, width: v.width ?? 0, height: v.height ?? 0, frames: num(v.nb_frames) }
      : null,
  };
}

/** Runs ffmpeg to completion (quiet, no stdin); rejects with its last error lines. */
export async function runFfmpeg(args: string[], timeoutMs = 60_000): Promise<void> {
  await run('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args], timeoutMs);
}

/** Stream copy of `src` into a new MP4 whose timestamps start at 0 (index in front). */
export async function remuxFromZero(src: string, dst: string, timeoutMs = 30_000): Promise<void> {
  await runFfmpeg(['-i', src, '-map', '0', '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', dst], timeoutMs);
}

// Broken and hostile camera sources for the bad-input tests, made in a temp folder from the
// OpenCV sample video: truncated, corrupted, empty, not a video, audio only, unknown codec.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { VTEST, vtestH264 } from './fixtures';

export interface HostileFiles {
  /** The first 200 kB of an MP4 whose index (moov) sits at the end: nothing to read. */
  truncated: string;
  /** An MP4 with every 997th byte inverted, header included. */
  corrupt: string;
  /** A faststart MP4 with bytes flipped inside the H.264 payload only: decodes with damage. */
  corruptStream: string;
  empty: string;
  /** Plain text named .mp4. */
  text: string;
  /** AAC audio, no video stream. */
  audio: string;
  /** An AVI whose video fourcc names no codec FFmpeg knows. */
  unknownCodec: string;
}

const ff = (args: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'inherit' });

/** Flips bytes of `buf` every `step` bytes from `from` on (a deterministic corruption). */
export function flipBytes(buf: Buffer, from: number, step: number, mask = 0xff): Buffer {
  const out = Buffer.from(buf);
  for (let i = from; i < out.length; i += step) out[i] = (out[i] as number) ^ mask;
  return out;
}

export function makeHostileFiles(dir: string): HostileFiles {
  const src = vtestH264(30);
  const p = (name: string) => path.join(dir, name);
  const files: HostileFiles = {
    truncated: p('truncated.mp4'),
    corrupt: p('corrupt.mp4'),
    corruptStream: p('corrupt-stream.mp4'),
    empty: p('empty.mp4'),
    text: p('notes.mp4'),
    audio: p('audio.m4a'),
    unknownCodec: p('unknown-codec.avi'),
  };
  const whole = fs.readFileSync(src);
  fs.writeFileSync(files.truncated, whole.subarray(0, 200_000));
  fs.writeFileSync(files.corrupt, flipBytes(whole, 0, 997));
  const fast = p('faststart.mp4');
  ff(['-i', src, '-c', 'copy', '-movflags', '+faststart', fast]);
  const fastBytes = fs.readFileSync(fast);
  const mdat = fastBytes.indexOf('mdat');
  fs.writeFileSync(files.corruptStream, flipBytes(fastBytes, mdat + 5000, 1500, 0x5a));
  fs.rmSync(fast);
  fs.writeFileSync(files.empty, '');
  fs.writeFileSync(files.text, 'These are my notes, not a video.\n');
  ff(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=5', '-c:a', 'aac', files.audio]);
  const avi = p('xvid.avi');
  ff(['-i', VTEST, '-t', '3', '-c:v', 'mpeg4', '-vtag', 'XVID', avi]);
  const aviBytes = fs.readFileSync(avi);
  fs.writeFileSync(files.unknownCodec, Buffer.from(aviBytes.toString('latin1').replaceAll('XVID', 'QZQZ'), 'latin1'));
  fs.rmSync(avi);
  return files;
}

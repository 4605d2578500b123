// Test media made once per machine from Debian's OpenCV sample videos (cached in the temp folder).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const DATA = '/usr/share/doc/opencv-doc/examples/data';
export const VTEST = `${DATA}/vtest.avi`;
export const TREE = `${DATA}/tree.avi`;
export const MESSI = `${DATA}/messi5.jpg`;
export const BASKETBALL = `${DATA}/basketball1.png`;

const CACHE = path.join(os.tmpdir(), 'vigil-test-fixtures');

/** Runs ffmpeg once to make `name` in the cache; concurrent callers share the result. */
export function fixture(name: string, args: (out: string) => string[]): string {
  fs.mkdirSync(CACHE, { recursive: true });
  const out = path.join(CACHE, name);
  if (fs.existsSync(out)) return out;
  const tmp = `${out}.${process.pid}.tmp${path.extname(name)}`;
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args(tmp)], { stdio: 'inherit' });
  fs.renameSync(tmp, out);
  return out;
}

/** vtest.avi as H.264 in MP4 (what an IP camera sends), `seconds` long. */
export function vtestH264(seconds = 80, size?: string): string {
  const name = `vtest-h264-${seconds}s${size ? `-${size}` : ''}.mp4`;
  return fixture(name, (out) => [
    '-i', VTEST, '-t', String(seconds),
    ...(size ? ['-vf', `scale=${size.replace('x', ':')}`] : []),
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-g', '20', '-bf', '0', '-pix_fmt', 'yuv420p', '-an', out,
  ]);
}

/** A still video: the first vtest frame repeated at 10 fps (no motion at all). */
export function staticVideo(seconds = 20): string {
  const png = fixture('vtest-frame0.png', (out) => ['-i', VTEST, '-frames:v', '1', out]);
  return fixture(`static-${seconds}s.mp4`, (out) => [
    '-loop', '1', '-framerate', '10', '-i', png, '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'veryfast', '-g', '20', '-bf', '0', '-pix_fmt', 'yuv420p', out,
  ]);
}

/** A temporary folder removed by the caller (or left for inspection on failure). */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `vigil-${prefix}-`));
}

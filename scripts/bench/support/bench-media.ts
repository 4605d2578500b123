// Test videos for the benchmarks, made once with ffmpeg from Debian's OpenCV samples and cached
// beside the test fixtures: what IP cameras send (1280×720 H.264, 10 fps, a key frame every 2 s).
import { fixture, VTEST } from '../../../test/helpers/fixtures';

export const WIDTH = 1280;
export const HEIGHT = 720;
export const FPS = 10;

/** x264 settings of every clip: an IP camera's (no B-frames, GOP 2 s). */
const H264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-g', '20', '-bf', '0', '-pix_fmt', 'yuv420p', '-an'];

/** vtest.avi (pedestrians, parked cars) upscaled to 720p: moving people all the time. */
export function people720(): string {
  return fixture('bench-people-720p.mp4', (out) => ['-i', VTEST, '-vf', `scale=${WIDTH}:${HEIGHT}`, '-r', String(FPS), ...H264, out]);
}

/** The scene without people: per-pixel temporal median of every 6th vtest frame. tmedian with
 * radius 60 emits a frame once it has 121 inputs; the 7th of its 13 outputs is the middle one. */
export function emptyScenePng(): string {
  return fixture('bench-empty-scene.png', (out) => [
    '-i', VTEST, '-vf', "select='not(mod(n,6))',tmedian=radius=60", '-fps_mode', 'passthrough', '-frames:v', '7', '-update', '1', out,
  ]);
}

/** A still 720p scene for 60 s: the empty scene (parked cars, no people), an idle camera. Key
 * frames every 2 s as a camera sends them, so decoding it is not free. The parked cars are tracked
 * as stationary objects and re-checked every `stationary_interval` frames, as on a real street. */
export function static720(): string {
  return fixture('bench-static-empty-720p-60s.mp4', (out) => ['-loop', '1', '-framerate', String(FPS), '-i', emptyScenePng(), '-t', '60', '-vf', `scale=${WIDTH}:${HEIGHT}`, ...H264, out]);
}

/** Seconds of empty scene before people appear in walkIn720(), and of people after. */
export const WALK_IN = { emptyS: 6, peopleS: 4, peopleFrom: 30 } as const;

/**
 * An empty scene for WALK_IN.emptyS seconds, then (a cut) vtest from second WALK_IN.peopleFrom
 * with several people in view, for WALK_IN.peopleS seconds. Served in a loop, each loop is one
 * "people appear" moment at a known frame (index emptyS × FPS).
 */
export function walkIn720(): string {
  const { emptyS, peopleS, peopleFrom } = WALK_IN;
  return fixture(`bench-walk-in-720p-${emptyS}-${peopleS}.mp4`, (out) => [
    '-loop', '1', '-framerate', String(FPS), '-t', String(emptyS), '-i', emptyScenePng(),
    '-ss', String(peopleFrom), '-t', String(peopleS), '-i', VTEST,
    '-filter_complex',
    `[0:v]scale=${WIDTH}:${HEIGHT},fps=${FPS},format=yuv420p,setsar=1[a];[1:v]scale=${WIDTH}:${HEIGHT},fps=${FPS},format=yuv420p,setsar=1[b];[a][b]concat=n=2:v=1[v]`,
    '-map', '[v]', ...H264, out,
  ]);
}

// Loads @u4/opencv4nodejs with its build banner silenced (the banner would go to stdout).
// opencv4nodejs keeps per-process static handles: it may be loaded by ONE JavaScript realm per
// process (one thread). Loading it in a second worker thread aborts the process (see
// docs/architecture.md), so only camera child processes and single-threaded CLI commands load it.
import type * as CV from '@u4/opencv4nodejs';

export type OpenCV = typeof CV;
let cached: OpenCV | undefined;

export function loadOpenCV(): OpenCV {
  if (cached) return cached;
  process.env.OPENCV4NODEJS_DISABLE_AUTOBUILD = '1';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const build = require('@u4/opencv-build') as { Log: { silence: boolean } };
  build.Log.silence = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  cached = require('@u4/opencv4nodejs') as OpenCV;
  return cached;
}

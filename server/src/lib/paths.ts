// Where things live: the project root, compiled worker entry points, the default model folder.
import path from 'node:path';
import fs from 'node:fs';

/** The checkout (or install) root: the folder holding package.json. */
export const ROOT = findRoot(__dirname);

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'server'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/**
 * The compiled JavaScript file for a module under server/src, e.g. `capture/capture.process`.
 * Worker threads and child processes always run compiled code from dist/, also under ts-jest.
 */
export function compiledEntry(rel: string): string {
  return path.join(ROOT, 'dist', 'server', 'src', `${rel}.js`);
}

export const MODELS_DIR = path.join(ROOT, 'models');
export const DEMO_VIDEO = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';

// One Vigil per data folder: a lock file holding the owner's pid. A second process on the same
// folder would reconcile away the first one's open events and fight over recordings.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../lib/errors';

export const LOCK_FILE = 'vigil.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws AppError('conflict'); a lock left by a dead process is taken over. */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) {
        throw new AppError('conflict', `another Vigil (pid ${owner}) is using the data folder ${dataDir}`);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new AppError('conflict', `cannot lock the data folder ${dataDir}`);
}

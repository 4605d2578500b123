// Which default model this machine gets: the int8 NanoDet where the CPU has 8-bit dot-product
// instructions (x86 VNNI, Arm dot product), where it measured 2× faster with the same recall on
// counted frames (models/README.md); the float model elsewhere, where int8 kernels can saturate.
import fs from 'node:fs';
import path from 'node:path';

export const FLOAT_MANIFEST = 'nanodet-416.json';
export const INT8_MANIFEST = 'nanodet-416-int8.json';

const DOT_PRODUCT_FLAGS = ['avx512_vnni', 'avx_vnni', 'asimddp'];

/** True when /proc/cpuinfo lists an 8-bit dot-product instruction set. */
export function cpuHasInt8DotProduct(cpuinfo?: string): boolean {
  let text = cpuinfo;
  if (text === undefined) {
    try {
      text = fs.readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      return false;
    }
  }
  const flags = new Set(
    text
      .split('\n')
      .filter((l) => /^(flags|Features)\s*:/.test(l))
      .flatMap((l) => l.split(':')[1]?.trim().split(/\s+/) ?? []),
  );
  return DOT_PRODUCT_FLAGS.some((f) => flags.has(f));
}

/** The default manifest path in `modelsDir`; VIGIL_DEFAULT_MODEL=float|int8 forces one. */
export function defaultManifest(modelsDir: string, env: NodeJS.ProcessEnv = process.env, cpuinfo?: string): string {
  const forced = env.VIGIL_DEFAULT_MODEL;
  const int8 = path.join(modelsDir, INT8_MANIFEST);
  if (forced === 'float') return path.join(modelsDir, FLOAT_MANIFEST);
  if (forced === 'int8') return int8;
  return cpuHasInt8DotProduct(cpuinfo) && fs.existsSync(int8) ? int8 : path.join(modelsDir, FLOAT_MANIFEST);
}

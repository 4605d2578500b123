// Vigil's version from package.json.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths';

let cached: string | null = null;

export function vigilVersion(): string {
  if (cached) return cached;
  try {
    cached = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    cached = '0.0.0';
  }
  return cached;
}

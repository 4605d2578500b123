// `vigil bench [--quick] [--only a,b]`: the benchmark suite (scripts/bench/run-all), the same as
// `npm run bench`. It starts its own boxes and local RTSP cameras; a running box on the same
// machine would skew the figures, so stop it first.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from '../cli';
import { ROOT } from '../lib/paths';

const USAGE = 'vigil bench [--quick] [--only detect,idle,peer,live-latency,event-latency,api,capacity,memory]';

export const benchCommand: Command = {
  summary: 'Run the benchmarks: JSON and a markdown summary under bench-results/<time>/, everything as JSON on stdout.',
  usage: USAGE,
  run(argv: string[]): Promise<number> {
    const script = path.join(ROOT, 'dist', 'scripts', 'bench', 'run-all.js');
    if (!fs.existsSync(script)) {
      process.stderr.write('vigil bench: not built yet. Run ./scripts/bootstrap.sh (or npm run build) first.\n');
      return Promise.resolve(1);
    }
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [script, ...argv], { stdio: 'inherit' });
      child.once('error', (e) => {
        process.stderr.write(`vigil bench: ${e.message}\n`);
        resolve(1);
      });
      child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  },
};

// `vigil check-config [PATH]`: validates a config file without opening any source.
import { parseArgs } from 'node:util';
import type { Command } from '../cli';
import { DEFAULT_CONFIG_PATH, formatProblem, loadConfig } from '../config/load';

export const checkConfigCommand: Command = {
  summary: 'Check a config file: every problem is printed as key.path: message (line N); exit 2 when invalid.',
  usage: 'vigil check-config [PATH] [--json]',
  async run(argv) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, config: { type: 'string' } } });
    // The same sources as `vigil start`: VIGIL_CONFIG, and the VIGIL_PORT / VIGIL_DATA overrides.
    const file = positionals[0] ?? values.config ?? (process.env.VIGIL_CONFIG || DEFAULT_CONFIG_PATH);
    const res = loadConfig(file, process.env);
    if (values.json) {
      const doc = res.ok
        ? { valid: true, file: res.file, cameras: Object.keys(res.config.cameras) }
        : { valid: false, file: res.file, problems: res.problems };
      process.stdout.write(`${JSON.stringify(doc)}\n`);
      return res.ok ? 0 : 2;
    }
    if (res.ok) {
      process.stdout.write(`${res.file ?? file}: valid (${Object.keys(res.config.cameras).length} camera(s))\n`);
      return 0;
    }
    for (const p of res.problems) process.stdout.write(`${formatProblem(p)}\n`);
    process.stderr.write(`${res.problems.length} problem(s) in ${res.file ?? file}\n`);
    return 2;
  },
};

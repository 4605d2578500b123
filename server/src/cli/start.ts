// `vigil start [--config PATH]`: runs the box until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import type { Command } from '../cli';
import { formatProblem, loadConfig } from '../config/load';
import { createLogger } from '../lib/logger';
import { startVigil } from '../main';

export const startCommand: Command = {
  summary: 'Start the box: cameras, detection, events, API and dashboard.',
  usage: 'vigil start [--config PATH]',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { config: { type: 'string', short: 'c' } } });
    // --config, else VIGIL_CONFIG (containers), else config/vigil.yml or the built-in demo.
    const res = loadConfig(values.config ?? (process.env.VIGIL_CONFIG || undefined));
    if (!res.ok) {
      for (const p of res.problems) process.stderr.write(`${formatProblem(p)}\n`);
      process.stderr.write(`vigil: invalid config ${res.file ?? ''}\n`);
      return 2;
    }
    const log = createLogger({ level: res.config.logging.level });
    if (res.demo) log.info('no config file found: running the built-in demo camera');
    const app = await startVigil(res.config, { log, configFile: res.file });
    await new Promise<void>((resolve) => {
      let stopping = false;
      const stop = (sig: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal: sig }, 'shutting down');
        app.close().then(resolve, (e: unknown) => {
          log.error({ err: e }, 'shutdown failed');
          resolve();
        });
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    return 0;
  },
};

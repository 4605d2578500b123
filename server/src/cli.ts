// The `vigil` command. Results go to stdout (with --json exactly one JSON document), logs to stderr.
import { checkConfigCommand } from './cli/check-config';

export interface Command {
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

/** Commands are loaded lazily so `check-config` never pays for OpenCV or onnxruntime. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./cli/start')).startCommand,
  'check-config': async () => checkConfigCommand,
  detect: async () => (await import('./cli/detect')).detectCommand,
  replay: async () => (await import('./cli/replay')).replayCommand,
  bench: async () => (await import('./cli/bench')).benchCommand,
  user: async () => (await import('./cli/user')).userCommand,
  token: async () => (await import('./cli/token')).tokenCommand,
};

/** Other modules add their commands here (detect, replay, bench, user, token). */
export function registerCommand(name: string, load: () => Promise<Command>): void {
  COMMANDS[name] = load;
}

function usage(): string {
  return ['usage: vigil <command> [options]', '', 'commands:', ...Object.keys(COMMANDS).map((c) => `  ${c}`), '', 'vigil <command> --help for details'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`vigil: unknown command "${name}"\n${usage()}\n`);
    return 2;
  }
  const cmd = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${cmd.summary}\n\nusage: ${cmd.usage}\n`);
    return 0;
  }
  return cmd.run(rest);
}

// Command-line options every benchmark shares: `--seconds N` (length of the measured window),
// `--quick` (a short run for a smoke check), plus the benchmark's own options. A bad value is a
// usage error, never a silently different benchmark.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
export type ArgValues = Record<string, string | boolean | undefined>;

export interface BenchArgs {
  /** Measured window in seconds. */
  seconds: number;
  quick: boolean;
  values: ArgValues;
}

const COMMON: Options = {
  seconds: { type: 'string' },
  quick: { type: 'boolean', default: false },
};

export function parseBenchArgs(name: string, defaults: { seconds: number; quickSeconds: number }, options: Options = {}, argv = process.argv.slice(2)): BenchArgs {
  const { values } = parseArgs({ args: argv, options: { ...COMMON, ...options }, strict: true });
  const v = values as ArgValues;
  const quick = v.quick === true;
  const seconds = typeof v.seconds === 'string' ? Number(v.seconds) : quick ? defaults.quickSeconds : defaults.seconds;
  if (!(seconds > 0 && seconds <= 3600)) throw new Error(`${name}: --seconds must be a number of seconds (0 < s ≤ 3600), got ${String(v.seconds)}`);
  return { seconds, quick, values: v };
}

/** A numeric option, or its default; a non-numeric value is an error. */
export function numberArg(values: ArgValues, key: string, fallback: number): number {
  const raw = values[key];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isFinite(n)) throw new Error(`--${key} must be a number, got ${String(raw)}`);
  return n;
}

/** Runs a benchmark's main, prints its one JSON document on stdout, exits non-zero on failure. */
export function runBench(name: string, main: () => Promise<unknown>): void {
  main().then(
    (doc) => {
      process.stdout.write(`${JSON.stringify(doc)}\n`, () => process.exit(0));
    },
    (e: unknown) => {
      process.stderr.write(`${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}

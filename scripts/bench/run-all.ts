// `npm run bench`: every system benchmark in turn, each in its own process (they start boxes,
// cameras and load OpenCV), results to bench-results/<timestamp>/<name>.json with a summary.md,
// and one JSON document with everything on stdout. Budget: under 20 minutes on a 2-core box.
// Usage: npm run bench [-- --quick] [-- --only idle,peer]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../../server/src/lib/paths';
import { LoadWindow, machineInfo } from './support/machine';
import { summaryMarkdown } from './support/summary';

/** In run order; the arguments make the full run fit the budget. */
const BENCHES: { name: string; file: string; args: string[] }[] = [
  { name: 'detect', file: 'detect.bench.js', args: ['--seconds', '15', '--pool-seconds', '4'] },
  { name: 'idle', file: 'idle.bench.js', args: ['--seconds', '60'] },
  { name: 'peer', file: 'peer.bench.js', args: ['--seconds', '45'] },
  { name: 'live-latency', file: 'live-latency.bench.js', args: ['--seconds', '20'] },
  { name: 'event-latency', file: 'event-latency.bench.js', args: ['--events', '11'] },
  { name: 'api', file: 'api.bench.js', args: ['--seconds', '10'] },
  { name: 'capacity', file: 'capacity.bench.js', args: ['--seconds', '30', '--max', '6'] },
  { name: 'memory', file: 'memory.bench.js', args: ['--seconds', '300'] },
];

function run(file: string, args: string[], log: fs.WriteStream): Promise<{ doc: unknown; error: string | null }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [path.join(__dirname, file), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let errTail = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => {
      log.write(d);
      errTail = (errTail + d.toString()).slice(-2000);
    });
    p.once('close', (code) => {
      try {
        if (code !== 0) throw new Error(`exited ${code}: ${errTail.trim().split('\n').slice(-3).join(' | ')}`);
        resolve({ doc: JSON.parse(out.trim().split('\n').pop() ?? ''), error: null });
      } catch (e) {
        resolve({ doc: null, error: e instanceof Error ? e.message : String(e) });
      }
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } });
  const only = values.only ? values.only.split(',') : null;
  const unknown = only?.filter((n) => !BENCHES.some((b) => b.name === n)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`);
  const started = new Date();
  const dir = path.join(ROOT, 'bench-results', started.toISOString().replace(/[:.]/g, '-'));
  fs.mkdirSync(dir, { recursive: true });
  const log = fs.createWriteStream(path.join(dir, 'run.log'));
  const loadWin = new LoadWindow();
  const results: Record<string, unknown> = {};
  const failures: Record<string, string> = {};
  for (const b of BENCHES) {
    if (only && !only.includes(b.name)) continue;
    const t0 = Date.now();
    process.stderr.write(`bench ${b.name}...\n`);
    const { doc, error } = await run(b.file, values.quick ? ['--quick'] : b.args, log);
    const took = Math.round((Date.now() - t0) / 1000);
    process.stderr.write(`bench ${b.name}: ${error ? `FAILED (${error})` : 'done'} in ${took} s\n`);
    if (error) failures[b.name] = error;
    else {
      results[b.name] = doc;
      fs.writeFileSync(path.join(dir, `${b.name}.json`), `${JSON.stringify(doc, null, 2)}\n`);
    }
  }
  log.end();
  const run_ = { started: started.toISOString(), seconds: (Date.now() - started.getTime()) / 1000, machine: machineInfo(), load: loadWin.end(), quick: values.quick === true, results, failures, out_dir: dir };
  fs.writeFileSync(path.join(dir, 'summary.md'), summaryMarkdown(run_));
  process.stdout.write(`${JSON.stringify(run_)}\n`);
  if (Object.keys(failures).length > 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`run-all: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});

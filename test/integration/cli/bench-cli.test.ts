// `vigil bench` is the benchmark suite behind the CLI (the benchmarks themselves run in `npm run
// bench`, not here: they take minutes and measure time). Here: the command exists, hands its
// arguments to the suite and passes its exit status on.
import { execFile } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '../../..');

function vigil(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/vigil.js'), ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('vigil --help lists bench; vigil bench --help shows its usage', async () => {
  expect((await vigil('--help')).stdout).toMatch(/^ {2}bench$/m);
  const help = await vigil('bench', '--help');
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('usage: vigil bench [--quick] [--only');
});

test('an unknown benchmark name is refused by the suite, exit 1, nothing on stdout', async () => {
  const r = await vigil('bench', '--only', 'idle,warp-speed');
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain('unknown benchmark(s): warp-speed; known: detect, idle, peer, live-latency, event-latency, api, capacity, memory');
});

// Inference time of the converted NanoDet models in onnxruntime-node (CPU, optimisation 'all'),
// per input size and intra-op thread count. Prints one JSON document on stdout.
// Run: node dist/scripts/bench/nanodet-onnx.bench.js [--runs 30] [--models-dir models]
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { MODELS_DIR } from '../../server/src/lib/paths';

interface Row {
  model: string;
  threads: number;
  runs: number;
  median_ms: number;
  p90_ms: number;
  min_ms: number;
  mean_ms: number;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

async function bench(file: string, size: number, threads: number, runs: number): Promise<Row> {
  const session = await ort.InferenceSession.create(file, {
    graphOptimizationLevel: 'all',
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
  });
  // Content does not change the cost of a dense CNN; a fixed pattern keeps runs comparable.
  const data = new Float32Array(3 * size * size).map((_, i) => ((i * 7919) % 255) / 64 - 2);
  const feeds = { [session.inputNames[0] as string]: new ort.Tensor('float32', data, [1, 3, size, size]) };
  for (let i = 0; i < 3; i++) await session.run(feeds); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  await session.release();
  const sorted = [...times].sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    model: path.basename(file),
    threads,
    runs,
    median_ms: round(quantile(sorted, 0.5)),
    p90_ms: round(quantile(sorted, 0.9)),
    min_ms: round(sorted[0] as number),
    mean_ms: round(times.reduce((a, b) => a + b, 0) / times.length),
  };
}

async function main(): Promise<void> {
  const runs = Number(arg('runs', '30'));
  const dir = arg('models-dir', MODELS_DIR);
  const loadBefore = os.loadavg()[0];
  const results: Row[] = [];
  for (const size of [416, 320]) {
    for (const threads of [1, 2]) results.push(await bench(path.join(dir, `nanodet-${size}.onnx`), size, threads, runs));
  }
  const out = {
    bench: 'nanodet-onnx',
    onnxruntime: ort.env.versions?.node ?? 'unknown',
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model ?? 'unknown',
    loadavg_1m_before: loadBefore,
    loadavg_1m_after: os.loadavg()[0],
    results,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`nanodet-onnx bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

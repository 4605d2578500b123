// A small keep-alive HTTP load loop (what autocannon does, without the dependency): `concurrency`
// requests in flight on reused connections for a fixed time; completed requests per second and
// the latency of each.
import http from 'node:http';
import { round, summarize, type Summary } from './stats';

export interface LoadResult {
  requests: number;
  per_s: number;
  errors: number;
  latency_ms: Summary;
  bytes_mean: number;
}

function once(agent: http.Agent, url: URL, headers: Record<string, string>): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

export async function httpLoad(target: string, opts: { seconds: number; concurrency: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const url = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  const t0 = performance.now();
  const end = t0 + opts.seconds * 1000;
  const lane = async () => {
    while (performance.now() < end) {
      const s = performance.now();
      try {
        const r = await once(agent, url, opts.headers ?? {});
        if (r.status !== 200) errors++;
        bytes += r.bytes;
        latencies.push(performance.now() - s);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, lane));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  return { requests: latencies.length, per_s: round(latencies.length / elapsed, 1), errors, latency_ms: summarize(latencies), bytes_mean: Math.round(bytes / Math.max(1, latencies.length)) };
}

/** `n` sequential requests (after `warm` unmeasured ones); latency of each. */
export async function sequential(target: string, n: number, headers: Record<string, string> = {}, warm = 5): Promise<{ latency_ms: Summary; bytes: number }> {
  const url = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < warm + n; i++) {
    const s = performance.now();
    const r = await once(agent, url, headers);
    if (r.status !== 200) throw new Error(`GET ${target}: ${r.status}`);
    if (i >= warm) {
      ms.push(performance.now() - s);
      bytes = r.bytes;
    }
  }
  agent.destroy();
  return { latency_ms: summarize(ms, 2), bytes };
}

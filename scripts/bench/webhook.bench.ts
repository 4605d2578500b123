// Webhook latency on this box: bus message → outbox row (synchronous SQLite write) → HTTP POST
// received by a loopback receiver. Prints JSON. Run: node dist/scripts/bench/webhook.bench.js
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { webhookSchema } from '../../server/src/config/schema';
import type { VigilBusEvents } from '../../server/src/contracts/bus-events';
import type { EventMessage } from '../../server/src/contracts/domain';
import { EventBus } from '../../server/src/lib/event-bus';
import { silentLogger } from '../../server/src/lib/logger';
import { createWebhookService } from '../../server/src/notify/webhook-service';
import { closeDatabase, openDatabase } from '../../server/src/storage/database';
import { OutboxRepository } from '../../server/src/storage/outbox.repository';

const SEQUENTIAL = Number(process.env.N ?? 300);
const BURST = Number(process.env.BURST ?? 200);

function message(i: number): EventMessage {
  const side = {
    id: `1717200000.000000-b${String(i).padStart(5, '0')}`, camera: 'front', frame_time: 1717200001, label: 'person', sub_label: null,
    score: 0.8, top_score: 0.85, box: [10, 20, 110, 220] as [number, number, number, number], area: 20000, ratio: 0.5, region: null,
    current_zones: [], entered_zones: [], stationary: false, has_snapshot: true, has_clip: false, start_time: 1717200000, end_time: null,
  };
  return { type: 'new', before: side, after: side };
}

function pct(sorted: number[], p: number): number {
  return Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 1000) / 1000;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-webhook-'));
  const sentAt = new Map<string, bigint>();
  const latencies: number[] = [];
  let received = 0;
  let onReceive: (() => void) | null = null;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = (JSON.parse(Buffer.concat(chunks).toString()) as { event: { id: string } }).event.id;
      const t0 = sentAt.get(id);
      if (t0 !== undefined) latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      received++;
      res.writeHead(204).end();
      onReceive?.();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;

  const { db } = openDatabase({ dataDir: dir });
  const outbox = new OutboxRepository(db);
  const bus = new EventBus<VigilBusEvents>();
  const svc = createWebhookService({
    hooks: [webhookSchema.parse({ url: `http://127.0.0.1:${port}/hook`, secret: 'bench-secret' })],
    bus, outbox, log: silentLogger(), baseUrl: 'http://vigil.local:8080', version: '0.1.0',
  });
  svc.start();

  const waitReceived = (n: number): Promise<void> =>
    new Promise((resolve) => {
      if (received >= n) return resolve();
      onReceive = () => {
        if (received >= n) {
          onReceive = null;
          resolve();
        }
      };
    });

  // 1. One event at a time: the latency a user feels.
  const emitUs: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) {
    const m = message(i);
    const t0 = process.hrtime.bigint();
    sentAt.set(m.after.id, t0);
    bus.emit('event', m);
    emitUs.push(Number(process.hrtime.bigint() - t0) / 1000);
    await waitReceived(i + 1);
    await new Promise((r) => setTimeout(r, 5));
  }
  const seq = [...latencies].sort((a, b) => a - b);
  const emitSorted = [...emitUs].sort((a, b) => a - b);

  // 2. A burst (many events at once): how long until the last one is in, 4 requests at a time.
  latencies.length = 0;
  const base = received;
  const tb = process.hrtime.bigint();
  for (let i = 0; i < BURST; i++) {
    const m = message(SEQUENTIAL + i);
    sentAt.set(m.after.id, process.hrtime.bigint());
    bus.emit('event', m);
  }
  const burstEmitMs = Number(process.hrtime.bigint() - tb) / 1e6;
  await waitReceived(base + BURST);
  const burstMs = Number(process.hrtime.bigint() - tb) / 1e6;
  const burst = [...latencies].sort((a, b) => a - b);

  await svc.close();
  closeDatabase(db);
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(
    JSON.stringify(
      {
        bench: 'webhook',
        node: process.versions.node,
        cpus: os.cpus().length,
        sequential: { n: SEQUENTIAL, emit_us: { p50: pct(emitSorted, 50), p95: pct(emitSorted, 95), max: pct(emitSorted, 100) }, latency_ms: { p50: pct(seq, 50), p95: pct(seq, 95), p99: pct(seq, 99), max: pct(seq, 100) } },
        burst: { n: BURST, emit_all_ms: Math.round(burstEmitMs * 10) / 10, drain_ms: Math.round(burstMs), latency_ms: { p50: pct(burst, 50), p95: pct(burst, 95), max: pct(burst, 100) } },
      },
      null,
      2,
    ),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

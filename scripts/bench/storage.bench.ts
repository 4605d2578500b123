// Storage benchmark: prints JSON timings for 100,000 events (insert, list queries) and a
// retention pass over a large segment table. Run after a build:
//   node dist/scripts/bench/storage.bench.js
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordSchema, storageSchema } from '../../server/src/config/schema';
import { ManualClock } from '../../server/src/lib/clock';
import { closeDatabase, openDatabase } from '../../server/src/storage/database';
import { EventRepository } from '../../server/src/storage/event.repository';
import type { EventQuery } from '../../server/src/storage/event-query';
import { RetentionRunner } from '../../server/src/storage/retention-runner';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const SEGMENTS = Number(process.env.BENCH_SEGMENTS ?? 200_000);

function ms(fn: () => void, repeat = 1): number {
  const t = process.hrtime.bigint();
  for (let i = 0; i < repeat; i++) fn();
  return Number(process.hrtime.bigint() - t) / 1e6 / repeat;
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-storage-'));
  const base = Date.UTC(2024, 0, 1) / 1000;
  const clock = new ManualClock((base + SEGMENTS * 10 + 3600) * 1000);
  const { db } = openDatabase({ dataDir: dir, clock });
  const events = new EventRepository(db, clock);
  let seed = 1;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const cams = ['c0', 'c1', 'c2', 'c3'];
  const out: Record<string, unknown> = { events: EVENTS, segments: SEGMENTS, node: process.version, cpus: os.cpus().length };

  out.event_insert_ms = ms(() =>
    db.transaction(() => {
      for (let i = 0; i < EVENTS; i++) {
        const start = base + i * ((SEGMENTS * 10) / EVENTS);
        events.insert({
          id: `${start.toFixed(6)}-${String(i).padStart(6, '0')}`,
          camera: cams[i % 4] as string,
          label: ['person', 'car', 'dog'][Math.floor(rnd() * 3)] as string,
          score: 0.6,
          top_score: rnd(),
          start_time: start,
          end_time: start + 15,
          zones: rnd() < 0.3 ? ['porch'] : [],
          box: [0, 0, 10, 10],
          detect_width: 640,
          detect_height: 480,
          last_seen: start + 15,
          retain: rnd() < 0.001,
        });
      }
    })(),
  );
  const queries: Record<string, EventQuery> = {
    newest_100: {},
    camera_100: { cameras: ['c2'] },
    label_zone_100: { labels: ['dog'], zones: ['porch'] },
    page_1000_mid: { before: base + SEGMENTS * 5, limit: 1000 },
    min_score_099: { min_score: 0.99 },
  };
  const list: Record<string, number> = {};
  for (const [name, q] of Object.entries(queries)) list[name] = Number(ms(() => events.list(q), 20).toFixed(3));
  out.event_list_ms = list;
  out.event_count_all_ms = Number(ms(() => events.count({}), 5).toFixed(3));

  const ins = db.prepare('INSERT INTO recording_segments (camera, path, start_time, end_time, duration, bytes, kind, created_at) VALUES (?, ?, ?, ?, 10, ?, ?, ?)');
  out.segment_insert_ms = ms(() =>
    db.transaction(() => {
      for (let i = 0; i < SEGMENTS; i++) ins.run(cams[i % 4], `recordings/x/${i}.mp4`, base + i * 10, base + i * 10 + 10, 1_000_000, 'continuous', base);
    })(),
  );
  // A budget that asks for a tenth of the footage; continuous days long enough that age deletes nothing.
  const record = recordSchema.parse({ continuous: { days: 3650 }, events: { days: 3650 } });
  const runner = new RetentionRunner({
    db,
    dataDir: dir,
    clock,
    settings: () => ({ storage: storageSchema.parse({ max_gb: (SEGMENTS * 1_000_000 * 0.9) / 1e9, max_percent: 0, min_free_gb: 0 }), record, cameras: {} }),
    disk: () => ({ free: 1e15, total: 1e15 }),
  });
  let result: ReturnType<RetentionRunner['runOnce']> | undefined;
  out.retention_budget_pass_ms = ms(() => (result = runner.runOnce()));
  out.retention_deleted = result?.segmentsDeleted;
  out.retention_passes = result?.passes;
  out.retention_idle_pass_ms = ms(() => runner.runOnce());
  // The default: no continuous footage kept. The first pass deletes footage no event needs; later
  // passes still walk all remaining event footage, oldest first, to find what has aged out.
  const ageOnly = new RetentionRunner({
    db,
    dataDir: dir,
    clock,
    settings: () => ({ storage: storageSchema.parse({ max_percent: 0, min_free_gb: 0 }), record: recordSchema.parse({}), cameras: {} }),
    disk: () => ({ free: 1e15, total: 1e15 }),
  });
  out.age_first_pass_ms = ms(() => (result = ageOnly.runOnce()));
  out.age_first_pass_deleted = result?.segmentsDeleted;
  out.age_second_pass_ms = ms(() => (result = ageOnly.runOnce()));
  out.age_second_pass_deleted = result?.segmentsDeleted;
  out.age_steady_pass_ms = ms(() => (result = ageOnly.runOnce()));
  out.age_steady_pass_deleted = result?.segmentsDeleted;
  out.age_steady_segments_walked = db.prepare('SELECT COUNT(*) FROM recording_segments').pluck().get();
  closeDatabase(db);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const k of Object.keys(out)) if (typeof out[k] === 'number' && k.endsWith('_ms')) out[k] = Number((out[k] as number).toFixed(1));
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main();

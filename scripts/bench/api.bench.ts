// API speed: `GET /api/events` with 100,000 events in a real vigil.db (seeded before the box
// starts), per query shape, against the same query on the repository in this process (the SQLite
// floor); and `GET /api/<camera>/latest.jpg` requests per second with keep-alive connections,
// against `/api/health` on the same server (the HTTP stack's ceiling) and a bare sharp JPEG
// encode of the same frame here (the encoder's ceiling). Authentication is on (a real API token).
// Usage: node dist/scripts/bench/api.bench.js [--seconds 10] [--requests 200] [--concurrency 8] [--quick]
import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { eventListQuerySchema, toEventQuery } from '../../server/src/api/event-list-query';
import type { NewEvent } from '../../server/src/events/ports';
import { encodeJpeg } from '../../server/src/lib/jpeg';
import { ROOT } from '../../server/src/lib/paths';
import { closeDatabase, openDatabase } from '../../server/src/storage/database';
import { EventRepository } from '../../server/src/storage/event.repository';
import { tempDir } from '../../test/helpers/fixtures';
import { BenchBox, cameraYaml, startRtsp } from './support/bench-box';
import { numberArg, parseBenchArgs, runBench } from './support/bench-args';
import { people720 } from './support/bench-media';
import { httpLoad, sequential } from './support/http-load';
import { LoadWindow, machineInfo } from './support/machine';
import { ratio, round, summarize } from './support/stats';
import { withScope } from './support/scope';

const EVENTS = 100_000;
const CAMERAS = ['api', 'c1', 'c2', 'c3'];
const LABELS = ['person', 'car', 'dog', 'cat', 'truck'];

/** 100,000 ended events over the last 9 days (older than a day, so start-up clip finalising skips them). */
function seed(dataDir: string): { middle: number } {
  const { db } = openDatabase({ dataDir });
  const repo = new EventRepository(db);
  let s = 7;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const end = Date.now() / 1000 - 1.5 * 86400;
  const step = (7.5 * 86400) / EVENTS;
  let middle = 0;
  db.transaction(() => {
    for (let i = 0; i < EVENTS; i++) {
      const start = end - (EVENTS - i) * step;
      if (i === EVENTS / 2) middle = start;
      const e: NewEvent = {
        id: `${start.toFixed(6)}-${String(i).padStart(6, '0')}`,
        camera: CAMERAS[i % CAMERAS.length] as string,
        label: LABELS[Math.floor(rnd() * LABELS.length)] as string,
        score: 0.7,
        top_score: round(0.5 + rnd() * 0.5, 2),
        start_time: start,
        end_time: start + 5 + rnd() * 30,
        zones: rnd() < 0.3 ? ['yard'] : [],
        box: [100, 100, 200, 300],
        detect_width: 1280,
        detect_height: 720,
        last_seen: start + 5,
      } as NewEvent;
      repo.insert(e);
    }
  })();
  closeDatabase(db);
  return { middle };
}

function cli(args: string[], dataDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(ROOT, 'bin', 'vigil.js'), ...args], { env: { ...process.env, VIGIL_DATA: dataDir } });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`vigil ${args.join(' ')} exited ${code}`))));
  });
}

runBench('api', async () => {
  const args = parseBenchArgs('api', { seconds: 10, quickSeconds: 4 }, { requests: { type: 'string' }, concurrency: { type: 'string' } });
  const requests = numberArg(args.values, 'requests', args.quick ? 40 : 200);
  const concurrency = numberArg(args.values, 'concurrency', 8);
  return withScope(async (scope) => {
    const dir = tempDir('bench-api');
    const dataDir = path.join(dir, 'data');
    const t0 = Date.now();
    const { middle } = seed(dataDir);
    const seedS = round((Date.now() - t0) / 1000, 1);
    const rtsp = await startRtsp(scope, { api: people720() });
    const box = await BenchBox.start(scope, { yaml: ['cameras:', cameraYaml('api', rtsp.url('api'), ['record: { enabled: false }'])].join('\n'), auth: true, dir });
    const token = (JSON.parse(await cli(['token', 'create', 'admin', '--name', 'bench', '--json'], dataDir)) as { token: string }).token;
    const auth = { authorization: `Bearer ${token}` };
    box.headers = auth;
    await box.waitOnline(['api']);
    const loadWin = new LoadWindow();

    // --- GET /api/events vs the repository query it runs -------------------------------------
    const ro = new Database(path.join(dataDir, 'vigil.db'), { readonly: true });
    const repo = new EventRepository(ro);
    const shapes: Record<string, Record<string, string>> = {
      newest_100: {},
      camera_and_label: { camera: 'c1', label: 'person' },
      page_in_the_middle: { before: String(middle) },
      zone_min_score: { zone: 'yard', min_score: '0.9' },
    };
    const events: Record<string, unknown> = {};
    for (const [name, q] of Object.entries(shapes)) {
      const http = await sequential(`${box.url}/api/events?${new URLSearchParams(q).toString()}`, requests, auth);
      const query = toEventQuery(eventListQuerySchema.parse(q));
      const sqlMs: number[] = [];
      for (let i = 0; i < requests + 5; i++) {
        const s = performance.now();
        repo.list(query);
        if (i >= 5) sqlMs.push(performance.now() - s);
      }
      const sql = summarize(sqlMs, 2);
      events[name] = { http_ms: http.latency_ms, sqlite_ms: sql, p95_ratio_http_to_sqlite: ratio(http.latency_ms.p95, sql.p95), bytes: http.bytes };
    }
    ro.close();

    // --- latest.jpg vs the HTTP ceiling and the encoder ceiling --------------------------------
    const latest = await httpLoad(`${box.url}/api/api/latest.jpg`, { seconds: args.seconds, concurrency, headers: auth });
    const health = await httpLoad(`${box.url}/api/health`, { seconds: args.seconds, concurrency });
    const sample = await fetch(`${box.url}/api/api/latest.jpg`, { headers: auth });
    const raw = await sharp(Buffer.from(await sample.arrayBuffer())).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const frame = { data: new Uint8Array(raw.data.buffer, raw.data.byteOffset, raw.data.byteLength), width: raw.info.width, height: raw.info.height };
    let encodes = 0;
    const e0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() - e0 < args.seconds * 1000) {
          await encodeJpeg(frame, { quality: 70 });
          encodes++;
        }
      }),
    );
    const encodePerS = round(encodes / ((performance.now() - e0) / 1000), 1);
    return {
      bench: 'api',
      machine: machineInfo(),
      setup: `${EVENTS} events seeded into vigil.db (${seedS} s); auth on (API token); one camera 1280x720 (detect on); keep-alive HTTP from this process`,
      events,
      latest_jpg: { concurrency, ...latest, frame: `${frame.width}x${frame.height}` },
      health: { concurrency, ...health },
      jpeg_encode_here_per_s: encodePerS,
      latest_vs_health: ratio(latest.per_s, health.per_s),
      latest_vs_encode: ratio(latest.per_s, encodePerS),
      load: loadWin.end(),
    };
  });
});

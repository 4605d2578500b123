// The markdown summary of a `npm run bench` run: one section per benchmark with its headline
// figures and, where the brief sets one, whether the target was met. Pure: documents in, text out
// (unit-tested with literal documents in test/unit/bench/summary.test.ts).

type Doc = Record<string, unknown>;

function get(doc: unknown, path: string): unknown {
  let v: unknown = doc;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** A figure for the table: numbers as they are, missing ones as "–". */
function f(doc: unknown, path: string, unit = ''): string {
  const v = get(doc, path);
  if (typeof v === 'number' && Number.isFinite(v)) return `${v}${unit}`;
  if (typeof v === 'string') return v;
  return '–';
}

function met(v: unknown): string {
  return v === true ? 'met' : v === false ? '**not met**' : '–';
}

const SECTIONS: Record<string, (d: Doc) => string[]> = {
  detect: (d) => [
    '| model | Vigil median / p95 ms | bare session.run median / p95 ms | ratio | pool 1w×1t / 1w×2t / 2w×1t (inferences/s) |',
    '| --- | --- | --- | --- | --- |',
    ...['416', '416-int8', '320'].filter((m) => get(d, `models.${m}`) !== undefined).map(
      (m) =>
        `| ${m} | ${f(d, `models.${m}.vigil.median`)} / ${f(d, `models.${m}.vigil.p95`)} | ${f(d, `models.${m}.bare.median`)} / ${f(d, `models.${m}.bare.p95`)} | ${f(d, `models.${m}.ratio`)} | ` +
        `${f(d, `pool.models.${m}.one_worker_one_thread.fps`)} / ${f(d, `pool.models.${m}.one_worker_two_threads.fps`)} / ${f(d, `pool.models.${m}.two_workers_one_thread.fps`)} |`,
    ),
  ],
  idle: (d) => [
    '| recording | Vigil CPU s (main / capture / decoder / recorder) | bare ffmpeg CPU s | ratio (target ≤ 1.3) | target |',
    '| --- | --- | --- | --- | --- |',
    ...(['record_on', 'record_off'] as const).map(
      (k) =>
        `| ${k === 'record_on' ? 'on' : 'off'} | ${f(d, `${k}.vigil_cpu_s.total`)} (${f(d, `${k}.vigil_cpu_s.main`)} / ${f(d, `${k}.vigil_cpu_s.capture`)} / ${f(d, `${k}.vigil_cpu_s.decoder`)} / ${f(d, `${k}.vigil_cpu_s.recorder`)}) | ` +
        `${f(d, `${k}.ffmpeg_cpu_s`)} | ${f(d, `${k}.ratio`)} | ${met(get(d, `${k}.target_met`))} |`,
    ),
  ],
  peer: (d) => [
    `Vigil ${f(d, 'cpu_s.vigil')} CPU s vs motion ${f(d, 'cpu_s.motion')} CPU s over ${f(d, 'seconds')} s (decode floor ${f(d, 'cpu_s.ffmpeg_decode')} s): ` +
      `ratio ${f(d, 'ratio_vigil_to_motion')} (target ≤ 1.0): ${met(get(d, 'target_met'))}.`,
  ],
  'live-latency': (d) => [
    '| clients | p50 ms | p95 ms | frames/s per client |',
    '| --- | --- | --- | --- |',
    ...Object.keys(d)
      .filter((k) => k.startsWith('clients_'))
      .map((k) => `| ${f(d, `${k}.clients`)} | ${f(d, `${k}.latency_ms.p50`)} | ${f(d, `${k}.latency_ms.p95`)} | ${f(d, `${k}.frames_per_client_per_s`)} |`),
  ],
  'event-latency': (d) => {
    const p95 = get(d, 'latency_ms.p95');
    const verdict = get(d, 'with_webhook') === 0 ? false : typeof p95 === 'number' ? p95 < 1000 && get(d, 'missed') === 0 : undefined;
    return [
      `${f(d, 'with_webhook')} of ${f(d, 'appearances')} appearances delivered: p50 ${f(d, 'latency_ms.p50', ' ms')}, p95 ${f(d, 'latency_ms.p95', ' ms')} ` +
        `(first detection frame ${f(d, 'breakdown_p50_ms.first_detection_frame', ' ms')}, confirmed frame ${f(d, 'breakdown_p50_ms.confirmed_frame', ' ms')}, ` +
        `then ${f(d, 'breakdown_p50_ms.confirmed_frame_to_webhook', ' ms')} to the receiver; p50s). p95 < 1 s: ${met(verdict)}.`,
    ];
  },
  api: (d) => [
    '| GET /api/events (100,000 events) | HTTP p50 / p95 ms | SQLite p95 ms |',
    '| --- | --- | --- |',
    ...Object.keys((get(d, 'events') as Doc | undefined) ?? {}).map(
      (k) => `| ${k} | ${f(d, `events.${k}.http_ms.p50`)} / ${f(d, `events.${k}.http_ms.p95`)} | ${f(d, `events.${k}.sqlite_ms.p95`)} |`,
    ),
    '',
    `latest.jpg: ${f(d, 'latest_jpg.per_s')} req/s (p95 ${f(d, 'latest_jpg.latency_ms.p95', ' ms')}, ${f(d, 'latest_jpg.errors')} errors) at concurrency ${f(d, 'latest_jpg.concurrency')}; ` +
      `/api/health ${f(d, 'health.per_s')} req/s; bare JPEG encodes here ${f(d, 'jpeg_encode_here_per_s')}/s.`,
  ],
  capacity: (d) => {
    const row = (k: string) =>
      `| ${f(d, `${k}.cameras`)} | ${f(d, `${k}.skipped_share`)} | ${f(d, `${k}.live_p95_ms`)} | ${f(d, `${k}.decoded_share`)} | ${f(d, `${k}.detections_per_s`)} | ${f(d, `${k}.cpu_percent`)} | ${get(d, `${k}.pass`) === true ? 'pass' : get(d, `${k}.pass`) === false ? 'fail' : '–'} |`;
    return [
      `Capacity N = ${f(d, 'capacity')} cameras.`,
      '',
      '| cameras | skipped share (< 0.01) | live p95 ms (< 250) | decoded share (≥ 0.95) | detections/s | CPU % | result |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...(['at_capacity', 'above_capacity'] as const).filter((k) => get(d, k)).map(row),
    ];
  },
  memory: (d) => [
    `RSS after ${f(d, 'seconds')} s with 4 cameras: ${f(d, 'rss_mb_end.total')} MB (main ${f(d, 'rss_mb_end.main')}, capture ${f(d, 'rss_mb_end.capture')}, decoders ${f(d, 'rss_mb_end.decoder')}, recorders ${f(d, 'rss_mb_end.recorder')}; ` +
      `PSS, shared pages divided: ${f(d, 'pss_mb_end')} MB); ` +
      `growth after warm-up ${f(d, 'growth_mb_per_min_after_warmup.total')} MB/min (main ${f(d, 'growth_mb_per_min_after_warmup.main')}).`,
  ],
};

export function summaryMarkdown(run: { started: string; seconds: number; machine: unknown; load: unknown; results: Record<string, unknown>; failures: Record<string, string> }): string {
  const lines = [
    `# Vigil benchmarks, ${run.started}`,
    '',
    `Machine: ${f(run.machine, 'cpu')}, ${f(run.machine, 'cores')} cores, ${f(run.machine, 'ram_gb')} GB RAM, Node ${f(run.machine, 'node')}. ` +
      `Load average before / after: ${JSON.stringify(get(run.load, 'before'))} / ${JSON.stringify(get(run.load, 'after'))}. Took ${Math.round(run.seconds)} s.`,
  ];
  for (const [name, doc] of Object.entries(run.results)) {
    lines.push('', `## ${name}`, '');
    const section = SECTIONS[name];
    lines.push(...(section ? section(doc as Doc) : ['(no summary for this benchmark; see its JSON)']));
    const load = get(doc, 'load') ?? get(doc, 'setup.loadavg');
    if (load) lines.push('', `Load: ${JSON.stringify(load)}`);
  }
  for (const [name, err] of Object.entries(run.failures)) lines.push('', `## ${name}`, '', `FAILED: ${err}`);
  return `${lines.join('\n')}\n`;
}

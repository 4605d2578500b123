// `npm run soak [-- --minutes N] [--interval S] [--no-detect]`: runs the real box for a while
// (default 30 min) with the demo camera and three RTSP copies, samples memory, open files, CPU of
// every process, camera states and fps every 30 s, and judges the run: a growing memory or fd
// trend, or a camera online without frames, fails it (exit 1). Report: bench-results/soak-<ts>/.
// Ctrl-C ends it early with a report.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import type { StatsSnapshot } from '../server/src/contracts/domain';
import { ROOT } from '../server/src/lib/paths';
import { sampleTree } from './soak/process-sampler';
import { SoakBox } from './soak/soak-box';
import { buildReport, reportMarkdown, type Sample } from './soak/soak-report';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { minutes: { type: 'string', default: '30' }, interval: { type: 'string', default: '30' }, 'no-detect': { type: 'boolean', default: false }, keep: { type: 'boolean', default: false } },
  });
  const minutes = Number(values.minutes);
  const intervalS = Number(values.interval);
  if (!(minutes > 0) || !(intervalS >= 1)) {
    process.stderr.write('usage: soak [--minutes N (>0)] [--interval S (>=1)] [--no-detect] [--keep]\n');
    return 2;
  }
  const startedAt = new Date().toISOString();
  const outDir = path.join(ROOT, 'bench-results', `soak-${startedAt.replace(/[:.]/g, '-')}`);
  fs.mkdirSync(outDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-soak-'));
  const box = new SoakBox({ rtspCameras: 3, detect: !values['no-detect'], dir: work });
  const log = (m: string) => process.stderr.write(`[soak ${new Date().toISOString()}] ${m}\n`);
  const samples: Sample[] = [];
  let events = 0;
  let ws: WebSocket | null = null;
  let wake: (() => void) | null = null;
  try {
    log(`starting the box in ${work}`);
    await box.start();
    // A live viewer for the whole run, so the WebSocket and live-frame paths are soaked too.
    ws = new WebSocket(`ws://127.0.0.1:${box.port}/ws`);
    ws.on('open', () => ws?.send(JSON.stringify({ action: 'subscribe', camera: 'rtsp1', fps: 2, height: 240 })));
    ws.on('message', (data, binary) => {
      if (!binary && String(data).includes('"topic":"events"')) events++;
    });
    ws.on('error', (e) => log(`live client: ${e.message}`));
    const t0 = Date.now();
    let end = t0 + minutes * 60_000;
    // Ctrl-C (or SIGTERM) ends the run early; the box is stopped and the report still written.
    const stopEarly = () => {
      log('stopping early');
      end = Date.now();
      wake?.();
    };
    process.once('SIGINT', stopEarly);
    process.once('SIGTERM', stopEarly);
    while (Date.now() < end) {
      const stats = (await (await fetch(`${box.url}/api/stats`)).json()) as StatsSnapshot;
      const sample: Sample = {
        t: (Date.now() - t0) / 1000,
        at: new Date().toISOString(),
        processes: sampleTree(box.vigil!.pid!),
        cameras: Object.fromEntries(Object.entries(stats.cameras).map(([n, c]) => [n, { state: c.state, fps: c.camera_fps, captured: c.captured, skipped: c.skipped }])),
        detector: stats.detectors.workers > 0 ? { inferences: stats.detectors.inferences, failures: stats.detectors.failures, restarts: stats.detectors.restarts, inference_speed: stats.detectors.inference_speed } : null,
        eventsSeen: events,
      };
      samples.push(sample);
      const rss = sample.processes.reduce((s, p) => s + p.rssBytes, 0);
      const fds = sample.processes.reduce((s, p) => s + p.fds, 0);
      log(`t=${Math.round(sample.t)} s: ${sample.processes.length} processes, RSS ${(rss / 1048576).toFixed(0)} MB, ${fds} fds, cameras ${Object.entries(sample.cameras).map(([n, c]) => `${n}:${c.state}/${c.fps}`).join(' ')}`);
      fs.writeFileSync(path.join(outDir, 'samples.json'), JSON.stringify(samples));
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(0, Math.min(intervalS * 1000, end - Date.now())));
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      wake = null;
    }
  } finally {
    ws?.close();
    const code = await box.stop();
    log(`box stopped (exit ${code})`);
    fs.copyFileSync(box.logFile, path.join(outDir, 'vigil.log'));
    if (!values.keep) fs.rmSync(work, { recursive: true, force: true });
  }
  const report = buildReport(samples, { startedAt, minutes, intervalS, cameras: box.cameraNames() });
  fs.writeFileSync(path.join(outDir, 'soak.json'), `${JSON.stringify({ ...report, eventsSeen: events }, null, 2)}\n`);
  fs.writeFileSync(path.join(outDir, 'soak.md'), reportMarkdown(report));
  process.stdout.write(`${JSON.stringify({ ok: report.ok, findings: report.findings, report: path.relative(ROOT, outDir) })}\n`);
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`soak: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);

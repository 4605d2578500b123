// Dashboard cost in the browser: the live page with 4 cameras (the demo video four times) open in
// Debian's Chromium against a real `vigil start`; reports frames drawn per tile and the renderer's
// main-thread time and JS heap over a window. Prints JSON.
// Run after `npm run build`: node dist/scripts/bench/dashboard.bench.js  (BENCH_SECONDS=30 CAMERAS=4 DETECT=1)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { freePort } from '../../test/helpers/net';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CAMERAS = Number(process.env.CAMERAS ?? 4);
const DETECT = process.env.DETECT === '1';
const ROOT = path.join(__dirname, '..', '..', '..');
const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';


async function waitHealthy(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('vigil did not start');
}

type Metrics = Record<string, number>;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-dashboard-'));
  const port = await freePort();
  const cams = Array.from({ length: CAMERAS }, (_, i) => `  cam${i + 1}:\n    source: file://${VTEST}\n    detect: { enabled: ${DETECT} }\n    record: { enabled: false }`).join('\n');
  const cfg = path.join(dir, 'vigil.yml');
  fs.writeFileSync(cfg, `server: { host: 127.0.0.1, port: ${port} }\nstorage: { path: ${path.join(dir, 'data')} }\nauth: { enabled: false }\nlogging: { level: warn }\ncameras:\n${cams}\n`);
  const vigil = spawn(process.execPath, [path.join(ROOT, 'bin', 'vigil.js'), 'start', '--config', cfg], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    await waitHealthy(url, 60_000);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(url);
    // Every tile has drawn a frame (data-frames appears with the first one).
    await page.locator('[data-camera][data-frames]').nth(CAMERAS - 1).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(3000);

    const frames = async (): Promise<Record<string, number>> =>
      page.$$eval('[data-camera]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-camera') ?? '', Number(e.getAttribute('data-frames') ?? 0)])));
    const metrics = async (): Promise<Metrics> => {
      const r = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
      return Object.fromEntries(r.metrics.map((m) => [m.name, m.value]));
    };
    const f0 = await frames();
    const m0 = await metrics();
    await page.waitForTimeout(SECONDS * 1000);
    const f1 = await frames();
    const m1 = await metrics();

    const perTile = Object.fromEntries(Object.keys(f1).map((k) => [k, Math.round(((f1[k]! - (f0[k] ?? 0)) / SECONDS) * 10) / 10]));
    const per = (k: string) => Math.round((((m1[k] ?? 0) - (m0[k] ?? 0)) / SECONDS) * 1000);
    const round1 = (x: number) => Math.round(x * 10) / 10;
    process.stdout.write(
      `${JSON.stringify(
        {
          bench: 'dashboard-live',
          cameras: CAMERAS,
          detect: DETECT,
          seconds: SECONDS,
          cpus: os.cpus().length,
          drawn_fps_per_tile: perTile,
          renderer_task_ms_per_s: per('TaskDuration'),
          renderer_script_ms_per_s: per('ScriptDuration'),
          renderer_layout_ms_per_s: per('LayoutDuration'),
          renderer_recalc_style_ms_per_s: per('RecalcStyleDuration'),
          js_heap_mb_start: round1((m0.JSHeapUsedSize ?? 0) / 1e6),
          js_heap_mb_end: round1((m1.JSHeapUsedSize ?? 0) / 1e6),
          dom_nodes_end: m1.Nodes ?? null,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await browser.close();
    vigil.kill('SIGTERM');
    await new Promise((r) => vigil.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});

// Free space runs out while the real box records and makes events: `storage.min_free_gb` is set
// far above what the disk has, so the free-space floor is never met. Retention frees what it may
// (footage older than the protected minute), `disk_low` is delivered once to a real webhook
// receiver, the database stays intact, and no row points at a missing file.
import fs from 'node:fs';
import os from 'node:os';
import type { StatsSnapshot } from '../../../server/src/contracts/domain';
import { readBox, stableProblems } from '../../helpers/box-consistency';
import { VTEST } from '../../helpers/fixtures';
import { waitFor } from '../../helpers/net';
import { VigilProcess } from '../../helpers/vigil-process';
import { WebhookReceiver } from '../../helpers/webhook-receiver';
import { reportFigure } from './fault-report';

jest.setTimeout(300_000);

/** Retention never deletes footage younger than max(60 s, pre_capture + 2 segments). */
const PROTECTED_S = 60;

describe('free space runs out', () => {
  const receiver = new WebhookReceiver();
  let vigil: VigilProcess;
  let floorGb = 0;

  beforeAll(async () => {
    await receiver.start();
    const disk = fs.statfsSync(os.tmpdir());
    // Far more than the disk holds: the floor can never be met.
    floorGb = Math.ceil((disk.blocks * disk.bsize) / 1e9) * 10;
    vigil = new VigilProcess({
      config: `
server: { host: 127.0.0.1, port: \${PORT} }
storage: { path: \${DATA}, retention_interval_s: 5, min_free_gb: ${floorGb} }
auth: { enabled: false }
detector: { threads: 1 }
record: { segment_seconds: 2, pre_capture: 2, post_capture: 2 }
events: { max_event_s: 15 }
webhooks:
  - { url: "${receiver.url}/disk", events: [disk_low] }
cameras:
  demo: { source: "file://${VTEST}" }
`,
    });
    await vigil.start();
  });

  afterAll(async () => {
    await vigil?.stop('SIGTERM');
    await receiver.stop();
    vigil?.cleanup();
  });

  it('announces disk_low once at a real receiver', async () => {
    const r = await waitFor('disk_low delivered', () => receiver.all.find((x) => x.status === 200), 60_000, 250);
    const body = receiver.json(r) as { type: string; disk: { free: number; total: number; floor: number; free_percent: number } };
    expect(body.type).toBe('disk_low');
    expect(body.disk.floor).toBe(floorGb * 1e9);
    expect(body.disk.free).toBeLessThan(body.disk.floor);
    expect(body.disk.total).toBeGreaterThan(body.disk.free);
  });

  it('deletes footage past the protected minute, oldest first, keeps the database intact and consistent', async () => {
    const startedAt = Date.now() / 1000;
    // Footage and events accumulate, then the floor makes retention take everything it may.
    const deletedFirst = await waitFor('retention to delete footage for free space', () => {
      const line = vigil.logs.split('\n').find((l) => l.includes('"msg":"retention deleted footage"') && /"free_space":[1-9]/.test(l));
      return line ? (JSON.parse(line) as { time: string }) : null;
    }, 180_000, 1000);
    reportFigure('free-space floor: first retention pass after footage passed the protected minute', `${((Date.parse(deletedFirst.time) / 1000 - startedAt)).toFixed(0)} s after the check began`);
    // Let a few more passes run while recording and events go on.
    await new Promise((r) => setTimeout(r, 15_000));

    const box = readBox(vigil.dataDir);
    expect(box.integrity).toBe('ok');
    const now = Date.now() / 1000;
    const segs = box.segments.filter((s) => s.camera === 'demo');
    expect(segs.length).toBeGreaterThan(0);
    // Segment ids are given in recording order: the oldest ones are the ones gone.
    expect(Math.min(...segs.map((s) => s.id))).toBeGreaterThan(1);
    // What is left is the protected last minute (plus a pass interval and a segment of slack).
    expect(Math.min(...segs.map((s) => s.start_time))).toBeGreaterThan(now - PROTECTED_S - 5 - 2 - 15);
    // Events made meanwhile are all still readable: each flag has its file.
    expect(box.events.length).toBeGreaterThan(0);
    expect(await stableProblems(vigil.dataDir)).toEqual([]);
    // Still only one disk_low: repeats wait 15 minutes.
    expect(receiver.all.filter((x) => x.status === 200)).toHaveLength(1);
    const stats = (await (await fetch(`${vigil.url}/api/stats`)).json()) as StatsSnapshot;
    expect(stats.service.storage!.free).toBeLessThan(floorGb * 1e9);
    expect(stats.cameras.demo!.state).toBe('online');
  });

  it('shuts down cleanly and reopens the same database without repairs', async () => {
    expect(await vigil.stop('SIGTERM')).toBe(0);
    await vigil.start();
    expect(vigil.logs.split('\n').filter((l) => l.includes('did not shut down cleanly'))).toEqual([]);
    expect(readBox(vigil.dataDir).integrity).toBe('ok');
    expect(await stableProblems(vigil.dataDir)).toEqual([]);
  });
});

// A detector worker thread dies while the real box detects people on the demo camera: the pool
// restarts it, the lost request and the skipped frames are counted in /api/stats, tracks survive
// the gap (same event id keeps being seen) and new events keep coming. The worker is made to exit
// by the test-only fault hook (VIGIL_TEST_FAULTS=1 + SIGUSR2, lib/test-faults.ts): it exits when
// its next request arrives, before onnxruntime runs, as a crashed thread looks to the pool.
import type { StatsSnapshot } from '../../../server/src/contracts/domain';
import type { ServerMessage } from '../../../server/src/contracts/ws-messages';
import { DETECTOR_FAULT_SIGNAL, FAULT_EXIT_CODE } from '../../../server/src/lib/test-faults';
import { readBox } from '../../helpers/box-consistency';
import { VTEST } from '../../helpers/fixtures';
import { LiveClient } from '../../helpers/live-client';
import { waitFor } from '../../helpers/net';
import { VigilProcess } from '../../helpers/vigil-process';
import { logTime, reportFigure } from './fault-report';

jest.setTimeout(300_000);

describe('a detector worker dies mid-run', () => {
  const vigil = new VigilProcess({
    env: { VIGIL_TEST_FAULTS: '1' },
    config: `
server: { host: 127.0.0.1, port: \${PORT} }
storage: { path: \${DATA} }
auth: { enabled: false }
logging: { level: debug }
detector: { threads: 1 }
record: { enabled: false }
cameras:
  demo:
    source: file://${VTEST}
    detect: { max_disappeared_s: 10 }
`,
  });
  let ws: LiveClient;

  beforeAll(async () => {
    await vigil.start();
    ws = await LiveClient.connect(`ws://127.0.0.1:${vigil.port}/ws`);
  });

  afterAll(async () => {
    ws?.close();
    await vigil.stop('SIGTERM');
    vigil.cleanup();
  });

  const stats = async (): Promise<StatsSnapshot> => (await (await fetch(`${vigil.url}/api/stats`)).json()) as StatsSnapshot;
  const eventMessages = (from = 0) => ws.messages.slice(from).filter((m): m is Extract<ServerMessage, { topic: 'events' }> => m.topic === 'events');

  it('restarts the worker, counts what was lost, and keeps tracking', async () => {
    // People are being tracked: events in progress, detections flowing.
    const open = await waitFor('events in progress', () => {
      const inProgress = readBox(vigil.dataDir).events.filter((e) => e.end_time === null);
      return inProgress.length >= 1 ? inProgress : null;
    }, 180_000, 1000);
    const before = await stats();
    expect(before.detectors).toMatchObject({ workers: 1, ready: 1, failures: 0, restarts: 0 });
    const wsFrom = ws.messages.length;

    expect(vigil.proc!.kill(DETECTOR_FAULT_SIGNAL)).toBe(true);
    const after = await waitFor('the worker restarted and ready', async () => {
      const s = await stats();
      return s.detectors.restarts === 1 && s.detectors.ready === 1 ? s : null;
    }, 120_000, 250);
    const readyAt = Date.now() / 1000;
    // The request the worker took with it failed; frames that needed the detector meanwhile
    // were skipped and counted.
    expect(after.detectors.failures).toBeGreaterThanOrEqual(1);
    // Camera counters reach /api/stats once a second: wait for the skipped frames to show.
    const skipped = await waitFor('skipped frames counted', async () => {
      const s = await stats();
      return s.cameras.demo!.skipped > before.cameras.demo!.skipped ? s.cameras.demo!.skipped - before.cameras.demo!.skipped : null;
    }, 30_000, 500);
    expect(vigil.logs).toContain(`"code":${FAULT_EXIT_CODE},"msg":"detector worker crashed"`);

    // An object tracked before the death is still tracked after it: its event keeps its id and
    // its evidence moves on past the restart.
    const continued = await waitFor('an event from before the death seen after the restart', () => {
      const rows = readBox(vigil.dataDir).events;
      return rows.find((e) => open.some((o) => o.id === e.id) && e.last_seen > readyAt + 1) ?? null;
    }, 60_000, 1000);
    expect(continued.id).toMatch(/^\d+\.\d+-[a-z0-9]+$/);
    // And detection goes on: inferences grow, events keep being announced.
    await waitFor('inferences after the restart', async () => (await stats()).detectors.inferences > after.detectors.inferences + 20, 60_000, 1000);
    await waitFor('event messages after the restart', () => eventMessages(wsFrom).some((m) => m.payload.after.frame_time > readyAt), 60_000, 500);
    const final = await stats();
    expect(final.detectors).toMatchObject({ workers: 1, ready: 1, restarts: 1 });

    const crashed = logTime(vigil.logs, 'detector worker crashed');
    const ready = logTime(vigil.logs, 'detector worker ready', crashed ?? 0);
    expect(crashed).not.toBeNull();
    expect(ready).not.toBeNull();
    reportFigure('detector worker restart (exit → warm and ready)', `${((ready! - crashed!) / 1000).toFixed(2)} s; ${after.detectors.failures} request(s) lost, skipped counter +${skipped}`);
  });
});

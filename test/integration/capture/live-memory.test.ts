// Live frames from a real RTSP camera's capture process when the main process cannot keep up:
// the capture process keeps at most one live frame on its way (the rest are skipped and counted)
// instead of queueing them in memory. Found by the soak: with a viewer on an RTSP camera the capture
// process grew ~1 GB/h (reads block its event loop, so pixels left slower than they were made).
import fs from 'node:fs';
import { CameraSupervisor } from '../../../server/src/capture/camera-supervisor';
import type { CaptureInit } from '../../../server/src/contracts/worker-protocol';
import { silentLogger } from '../../../server/src/lib/logger';
import { vtestH264 } from '../../helpers/fixtures';
import { waitFor } from '../../helpers/net';
import { RtspTestCamera } from '../../helpers/rtsp-camera';

jest.setTimeout(120_000);

const rssMb = (pid: number) => Number(/^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

function init(source: string): CaptureInit {
  return {
    camera: 'porch', source, kind: 'rtsp', rtspTransport: 'tcp', detectWidth: null, detectHeight: null, detectFps: 5, mode: 'live', loop: false,
    stallTimeoutMs: 30_000, reconnectStepsMs: [500, 1000],
    motion: { enabled: false, threshold: 30, contourArea: 10, frameHeight: 120, frameAlpha: 0.01, calibrateAlpha: 0.2, calibrationFrames: 10, lightningThreshold: 0.8, improveContrast: true, mask: [], maskRelative: false },
    model: null, scanIntervalS: 0,
  };
}

describe('live frames from an RTSP camera', () => {
  const cam = new RtspTestCamera({ streams: { porch: vtestH264(80) } });
  let sup: CameraSupervisor;

  beforeAll(async () => {
    await cam.start();
    sup = new CameraSupervisor({ init: init(cam.url('porch')), log: silentLogger() });
    sup.start();
    await waitFor('online', () => sup.state === 'online', 60_000);
  });

  afterAll(async () => {
    await sup.close();
    await cam.stop();
  });

  it('reach a busy main process at a bounded memory cost, the excess skipped and counted', async () => {
    let live = 0;
    sup.listen({ onLive: () => live++, onFrame: (m) => m.pixels && live++ });
    sup.setLiveFps(10);
    await waitFor('live frames', () => live > 10, 20_000, 50);
    const pid = sup.pid!;
    const before = rssMb(pid);
    const liveBefore = live;
    // The main thread is busy 700 ms of every 800 ms for 20 s (a badly loaded box): it reads the
    // channel far slower than 10 live frames (13 MB) a second arrive, and longer than the capture
    // process waits for a frame to leave before its next read (250 ms).
    const end = Date.now() + 20_000;
    while (Date.now() < end) {
      const busyUntil = Date.now() + 700;
      while (Date.now() < busyUntil);
      await new Promise((r) => setTimeout(r, 100));
    }
    const after = rssMb(pid);
    // Unbounded, 20 s of 10 fps 768×576 RGB would be ~260 MB.
    expect(after - before).toBeLessThan(60);
    expect(live - liveBefore).toBeGreaterThan(10);
    await waitFor('skipped live frames counted', () => sup.stats.liveSkipped > 0, 5000, 100);
    expect(sup.pid).toBe(pid);
  });
});

// A real RTSP camera on 127.0.0.1 goes away and comes back; another camera is unaffected.
import { CameraSupervisor } from '../../../server/src/capture/camera-supervisor';
import type { CaptureInit } from '../../../server/src/contracts/worker-protocol';
import { RECONNECT_STEPS_MS } from '../../../server/src/lib/backoff';
import { silentLogger } from '../../../server/src/lib/logger';
import { VTEST, vtestH264 } from '../../helpers/fixtures';
import { waitFor } from '../../helpers/net';
import { RtspTestCamera } from '../../helpers/rtsp-camera';

jest.setTimeout(180_000);

function init(camera: string, source: string, kind: 'file' | 'rtsp'): CaptureInit {
  return {
    camera, source, kind, rtspTransport: 'tcp', detectWidth: null, detectHeight: null, detectFps: 5, mode: 'live', loop: true,
    stallTimeoutMs: 20_000, reconnectStepsMs: [...RECONNECT_STEPS_MS],
    motion: { enabled: false, threshold: 30, contourArea: 10, frameHeight: 120, frameAlpha: 0.01, calibrateAlpha: 0.2, calibrationFrames: 10, lightningThreshold: 0.8, improveContrast: true, mask: [], maskRelative: false },
    model: null, scanIntervalS: 0,
  };
}

describe('RTSP camera reconnect', () => {
  const cam = new RtspTestCamera({ streams: { porch: vtestH264(80) }, user: 'viewer', password: 's3cret' });
  let porch: CameraSupervisor;
  let demo: CameraSupervisor;
  const porchStates: string[] = [];

  beforeAll(async () => {
    await cam.start();
    porch = new CameraSupervisor({ init: init('porch', cam.url('porch'), 'rtsp'), log: silentLogger() });
    demo = new CameraSupervisor({ init: init('demo', `file://${VTEST}`, 'file'), log: silentLogger() });
    porch.listen({ onState: (s, r) => porchStates.push(r ? `${s} (${r})` : s) });
    porch.start();
    demo.start();
  });

  afterAll(async () => {
    await Promise.all([porch.close(), demo.close()]);
    await cam.stop();
  });

  it('goes offline when the camera stops, back online when it returns, other camera unaffected', async () => {
    await waitFor('porch online', () => porch.state === 'online', 60_000);
    expect([porch.width, porch.height]).toEqual([768, 576]);
    await waitFor('porch frames', () => porch.stats.captured > 20, 20_000);

    await cam.stop();
    await waitFor('porch offline', () => porch.state === 'offline', 60_000);
    const demoBefore = demo.stats.captured;
    // Keep the camera away long enough for several reconnect attempts.
    await new Promise((r) => setTimeout(r, 12_000));
    expect(porch.state).toBe('offline');
    await waitFor('demo keeps capturing', () => demo.stats.captured > demoBefore + 50, 20_000);
    expect(demo.state).toBe('online');

    await cam.start();
    await waitFor('porch back online', () => porch.state === 'online', 60_000);
    const after = porch.stats.captured;
    await waitFor('porch frames again', () => porch.stats.captured > after + 10, 20_000);
    expect(porch.stats.reconnects).toBeGreaterThan(0);
    // State changes were reported, and the password never appears in them.
    expect(porchStates[0]).toBe('online');
    expect(porchStates.some((s) => s.startsWith('offline'))).toBe(true);
    expect(porchStates[porchStates.length - 1]).toBe('online');
    expect(porchStates.join('\n')).not.toContain('s3cret');
  });
});

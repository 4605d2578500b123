// Real decoding of the OpenCV sample video in a capture child process.
import { CameraSupervisor, type FrameMessage } from '../../../server/src/capture/camera-supervisor';
import type { CaptureInit } from '../../../server/src/contracts/worker-protocol';
import { silentLogger } from '../../../server/src/lib/logger';
import { VTEST } from '../../helpers/fixtures';
import { waitFor } from '../../helpers/net';

function init(over: Partial<CaptureInit>): CaptureInit {
  return {
    camera: 'cam', source: `file://${VTEST}`, kind: 'file', rtspTransport: 'tcp', detectWidth: null, detectHeight: null,
    detectFps: 5, mode: 'replay', loop: false, stallTimeoutMs: 20_000, reconnectStepsMs: [200, 500],
    motion: { enabled: false, threshold: 30, contourArea: 10, frameHeight: 120, frameAlpha: 0.01, calibrateAlpha: 0.2, calibrationFrames: 10, lightningThreshold: 0.8, improveContrast: true, mask: [], maskRelative: false },
    model: null, scanIntervalS: 0, replayEpochMs: 1_000_000_000_000, ...over,
  };
}

describe('capture child process', () => {
  it('decodes every frame of vtest.avi in replay mode on the video clock', async () => {
    const sup = new CameraSupervisor({ init: init({}), log: silentLogger() });
    const frames: FrameMessage[] = [];
    let eos: { frames: number; seconds: number } | null = null;
    sup.listen({
      onFrame: (m) => {
        frames.push(m);
        sup.ack(m.seq);
      },
      onEos: (n, s) => (eos = { frames: n, seconds: s }),
    });
    sup.start();
    try {
      const done = await waitFor('end of stream', () => eos, 120_000);
      expect(done.frames).toBe(795);
      expect(done.seconds).toBeCloseTo(79.5, 5);
      expect(sup.width).toBe(768);
      expect(sup.height).toBe(576);
      expect(sup.sourceFps).toBe(10);
      // 10 fps → 5 fps: every other frame, on video time.
      expect(frames).toHaveLength(398);
      expect(frames[1]!.time - frames[0]!.time).toBe(200);
      expect(frames[0]!.time).toBe(1_000_000_000_000);
      expect(sup.stats.captured).toBe(795);
    } finally {
      await sup.close();
    }
  });

  it('scales frames to the detect size and hands out RGB pixels on request', async () => {
    const sup = new CameraSupervisor({ init: init({ mode: 'live', loop: true, detectWidth: 384, detectHeight: 288 }), log: silentLogger() });
    sup.start();
    try {
      await waitFor('online', () => sup.state === 'online', 30_000);
      const g = await waitFor('a frame', async () => (await sup.grab()).pixels, 10_000);
      expect([g.width, g.height]).toEqual([384, 288]);
      expect(g.data.length).toBe(384 * 288 * 3);
      // The sky/buildings band at the top of vtest is not uniform: the frame is a real picture.
      const distinct = new Set(Array.from(g.data.subarray(0, 3000)));
      expect(distinct.size).toBeGreaterThan(20);
    } finally {
      await sup.close();
    }
    expect(sup.state).toBe('stopped');
    expect(sup.pid).toBeUndefined();
  });

  it('reports a clear error for a missing or unreadable file and keeps retrying', async () => {
    const sup = new CameraSupervisor({ init: init({ mode: 'live', source: 'file:///nonexistent/clip.mp4' }), log: silentLogger() });
    const states: string[] = [];
    sup.listen({ onState: (s, r) => states.push(`${s}: ${r}`) });
    sup.start();
    try {
      await waitFor('offline', () => sup.state === 'offline', 20_000);
      expect(sup.reason).toBe('file not found: /nonexistent/clip.mp4');
      await waitFor('a reconnect attempt', () => sup.stats.captured === 0 && sup.pid !== undefined, 5_000);
    } finally {
      await sup.close();
    }
    expect(states[0]).toBe('offline: file not found: /nonexistent/clip.mp4');
  });
});

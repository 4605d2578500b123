// Helper processes of the real box are SIGKILLed (found through /proc, as an OOM killer would pick
// them). The recording ffmpeg of an RTSP camera (stream copy) and of the demo camera (piped
// encoder): each is restarted, the lost stretch is a `recorder_restart` gap in
// GET /api/:camera/recordings bounded by the footage on both sides, nothing else is lost, and the
// camera itself never notices. A camera's capture process: only that camera goes offline and comes
// back; the other camera keeps its frames.
import fs from 'node:fs';
import type { RecordingsResponse } from '../../../server/src/contracts/api-types';
import { recorderProcesses, stableProblems } from '../../helpers/box-consistency';
import { VTEST, vtestH264 } from '../../helpers/fixtures';
import { waitFor } from '../../helpers/net';
import { RtspTestCamera } from '../../helpers/rtsp-camera';
import { VigilProcess } from '../../helpers/vigil-process';
import { reportFigure } from './fault-report';

jest.setTimeout(300_000);

describe('helper processes are killed', () => {
  const cam = new RtspTestCamera({ streams: { porch: vtestH264(80) } });
  let vigil: VigilProcess;

  beforeAll(async () => {
    await cam.start();
    vigil = new VigilProcess({
      config: `
server: { host: 127.0.0.1, port: \${PORT} }
storage: { path: \${DATA} }
auth: { enabled: false }
record: { segment_seconds: 3 }
cameras:
  demo: { source: "file://${VTEST}", detect: { enabled: false } }
  porch: { source: "${cam.url('porch')}", detect: { enabled: false } }
`,
    });
    await vigil.start();
  });

  afterAll(async () => {
    await vigil?.stop('SIGTERM');
    await cam.stop();
    vigil?.cleanup();
  });

  const recordings = async (camera: string): Promise<RecordingsResponse> =>
    (await (await fetch(`${vigil.url}/api/${camera}/recordings`)).json()) as RecordingsResponse;
  const stats = async () => (await (await fetch(`${vigil.url}/api/stats`)).json()) as { cameras: Record<string, { state: string; reconnects: number; captured: number }> };
  const cameraState = async (camera: string): Promise<{ state: string; reconnects: number }> => (await stats()).cameras[camera]!;

  /** The recorder of a camera: copy runs are Vigil's children, piped encoders the capture child's. */
  const recorderOf = (camera: string) =>
    recorderProcesses(vigil.dataDir).filter((p) => p.cmd.includes(`/run/recorder/${camera}/`));

  it.each([
    ['porch', 'stream copy (child of the server)'],
    ['demo', 'piped encoder (child of the capture process)'],
  ])('%s: %s is restarted and the gap is explained', async (camera) => {
    await waitFor(`${camera} footage`, async () => (await recordings(camera)).segments.length >= 2, 90_000, 1000);
    const [victim] = await waitFor(`${camera} recorder running`, () => {
      const procs = recorderOf(camera);
      return procs.length === 1 ? procs : null;
    }, 30_000, 250);
    if (camera === 'porch') {
      expect(victim!.ppid).toBe(vigil.proc!.pid);
      expect(victim!.cmd).toContain('-c copy');
    } else {
      expect(victim!.ppid).not.toBe(vigil.proc!.pid);
      expect(victim!.cmd).toContain('libx264');
    }
    const before = await recordings(camera);
    const camBefore = await cameraState(camera);
    const killedAt = Date.now() / 1000;
    process.kill(victim!.pid, 'SIGKILL');

    const next = await waitFor(`a new ${camera} recorder`, () => recorderOf(camera).find((p) => p.pid !== victim!.pid), 60_000, 100);
    reportFigure(`recorder restart after SIGKILL (${camera})`, `${(Date.now() / 1000 - killedAt).toFixed(1)} s to a new ffmpeg`);
    expect(next.ppid).toBe(victim!.ppid);

    const after = await waitFor(`a recorder_restart gap and footage after it (${camera})`, async () => {
      const r = await recordings(camera);
      const gap = r.gaps.find((g) => g.reason === 'recorder_restart' && g.start_time >= killedAt - 10);
      return gap?.end_time && r.segments.some((s) => s.start_time >= gap.end_time!) ? r : null;
    }, 90_000, 1000);
    const gap = after.gaps.find((g) => g.reason === 'recorder_restart' && g.start_time >= killedAt - 10)!;
    // Bounded by footage on both sides: the last segment before the kill and the first of the new run.
    expect(after.segments.some((s) => Math.abs(s.end_time - gap.start_time) < 0.01)).toBe(true);
    expect(after.segments.some((s) => Math.abs(s.start_time - gap.end_time!) < 0.01)).toBe(true);
    expect(gap.end_time! - gap.start_time).toBeLessThan(30);
    expect(gap.detail).toMatch(/SIGKILL/);
    reportFigure(`footage lost to the recorder kill (${camera})`, `${(gap.end_time! - gap.start_time).toFixed(1)} s (gap recorder_restart)`);
    // Nothing recorded before the kill went missing.
    for (const s of before.segments) expect(after.segments.some((x) => x.id === s.id)).toBe(true);
    // The camera itself did not notice: still online, no reconnect.
    expect(await cameraState(camera)).toMatchObject({ state: 'online', reconnects: camBefore.reconnects });
  });

  it('a killed capture process takes down only its own camera, which comes back', async () => {
    const captureOf = (camera: string) =>
      vigil.children().find((pid) => {
        try {
          return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').includes(`capture.process.js ${camera}`);
        } catch {
          return false;
        }
      });
    const victim = captureOf('demo')!;
    expect(victim).toBeDefined();
    const porchBefore = (await stats()).cameras.porch!.captured;
    const gapsBefore = (await recordings('demo')).gaps.map((g) => `${g.reason}@${g.start_time}`);
    const killedAt = Date.now();
    process.kill(victim, 'SIGKILL');
    await waitFor('demo offline', async () => (await cameraState('demo')).state !== 'online', 20_000, 50);
    await waitFor('demo back online', async () => (await cameraState('demo')).state === 'online', 60_000, 100);
    reportFigure('capture process SIGKILL → camera online again', `${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
    expect(captureOf('demo')).not.toBe(victim);
    const cams = (await (await fetch(`${vigil.url}/api/cameras`)).json()) as Array<{ name: string; state: string }>;
    expect(cams.find((c) => c.name === 'porch')!.state).toBe('online');
    // The other camera never stopped.
    await waitFor('porch frames meanwhile', async () => (await stats()).cameras.porch!.captured > porchBefore + 20, 20_000, 500);
    expect((await cameraState('demo')).reconnects).toBeGreaterThan(0);
    // The piped encoder went with its capture process: the missing footage is explained, and
    // recording resumes after it.
    const gap = await waitFor('a new gap for the crash and footage after it', async () => {
      const r = await recordings('demo');
      const g = r.gaps.find((x) => !gapsBefore.includes(`${x.reason}@${x.start_time}`) && x.end_time !== null);
      return g && r.segments.some((seg) => seg.start_time >= g.end_time!) ? g : null;
    }, 90_000, 1000);
    expect(gap.reason).toBe('camera_offline');
    reportFigure('footage lost to the capture process kill (demo)', `${(gap.end_time! - gap.start_time).toFixed(1)} s (gap ${gap.reason})`);
  });

  it('leaves the data folder consistent', async () => {
    expect(await stableProblems(vigil.dataDir)).toEqual([]);
  });
});

// Replay mode (`vigil replay --data`): the capture child reads vtest.avi as fast as frames are
// acknowledged; the encoder stamps frames by count at the file's 10 fps, and the recorder adds the
// replay base, so the segments land on the file's own timeline, not on the wall clock.
import { CameraSupervisor } from '../../../server/src/capture/camera-supervisor';
import { Recorder } from '../../../server/src/events/recorder';
import { silentLogger } from '../../../server/src/lib/logger';
import { VTEST } from '../../helpers/fixtures';
import { waitFor } from '../../helpers/net';
import { allSegments, captureInit, checkSegmentFiles, expectContiguous, openRecorderFixture, recorderPids } from './recorder-fixture';

jest.setTimeout(150_000);

const CAM = 'replay';
const BASE_MS = Date.UTC(2024, 5, 1, 12, 0, 0);
const FPS = 10;
const FRAMES = 795;

it('replays vtest.avi into segments on the file timeline (base + frame / fps)', async () => {
  const f = openRecorderFixture('rec-replay');
  const log = silentLogger();
  const cam = new CameraSupervisor({ init: captureInit(CAM, `file://${VTEST}`, 'file', { mode: 'replay', loop: false, replayEpochMs: BASE_MS }), log });
  let eos = false;
  cam.listen({ onFrame: (m) => cam.ack(m.seq), onEos: () => (eos = true) });
  const rec = new Recorder({
    camera: CAM, source: `file://${VTEST}`, rtspTransport: 'tcp', record: { segment_seconds: 4, encoder_preset: 'ultrafast' },
    dataDir: f.dir, segments: f.segments, gaps: f.gaps, link: cam, log, replay: { epochMs: BASE_MS, fps: FPS },
  });
  try {
    await rec.start();
    cam.start();
    await waitFor('end of the file', () => eos, 120_000);
    await rec.close();
    const rows = await checkSegmentFiles(f, allSegments(f, CAM));
    const base = BASE_MS / 1000;
    // The encoder spec travels with the child's init, so frame 0 is recorded too.
    expect(rows[0]!.start_time).toBeCloseTo(base, 3);
    expect(rows.at(-1)!.end_time).toBeCloseTo(base + FRAMES / FPS, 3);
    expectContiguous(rows, 0.001);
    // Cuts fall on keyframes, which come every 2 s of file time: every full segment is exactly 4 s.
    for (const r of rows.slice(1, -1)) expect(r.end_time - r.start_time).toBeCloseTo(4, 3);
    const frames = rows.reduce((n, r) => n + (r.info.video?.frames ?? 0), 0);
    // Replay waits for the encoder instead of dropping frames.
    expect(frames).toBe(FRAMES);
    // No downtime to explain on a file's timeline.
    expect(f.gaps.listGaps(CAM, 0, 1e11)).toEqual([]);
    expect(recorderPids(f.dir, CAM)).toEqual([]);
  } finally {
    await rec.close();
    await cam.close();
    f.close();
  }
});

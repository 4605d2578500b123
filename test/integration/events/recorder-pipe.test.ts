// Pipe mode for real: a capture child decodes vtest.avi (looping, paced to 10 fps) and pipes raw
// frames through EncoderSink into the H.264 encoder the recorder defined; segments are indexed
// in a real vigil.db. Then the encoder is killed, and later frozen (watchdog), and comes back.
import { CameraSupervisor } from '../../../server/src/capture/camera-supervisor';
import { Recorder } from '../../../server/src/events/recorder';
import { keyframeInterval } from '../../../server/src/events/recorder-args';
import { VTEST } from '../../helpers/fixtures';
import { waitFor } from '../../helpers/net';
import { allSegments, captureInit, checkSegmentFiles, expectContiguous, memoryLogger, openRecorderFixture, recorderPids, tempFiles, type RecorderFixture } from './recorder-fixture';

jest.setTimeout(150_000);

const CAM = 'yard';
const SEGMENT_S = 4;

describe('recorder, pipe mode (decoded frames → H.264 segments)', () => {
  let f: RecorderFixture;
  let cam: CameraSupervisor;
  let rec: Recorder;
  let t0: number;
  const { log } = memoryLogger('warn');

  beforeAll(async () => {
    f = openRecorderFixture('rec-pipe');
    cam = new CameraSupervisor({ init: captureInit(CAM, `file://${VTEST}`, 'file'), log });
    rec = new Recorder({
      camera: CAM, source: `file://${VTEST}`, rtspTransport: 'tcp', record: { segment_seconds: SEGMENT_S, encoder_preset: 'ultrafast' },
      dataDir: f.dir, segments: f.segments, gaps: f.gaps, link: cam, log,
      watchdogMs: 16_000, restartStepsMs: [500],
    });
    t0 = Date.now() / 1000;
    await rec.start();
    cam.start();
  });

  afterAll(async () => {
    await rec.close();
    await cam.close();
    expect(recorderPids(f.dir, CAM)).toEqual([]);
    f.close();
  });

  it('indexes contiguous H.264 segments with wall-clock times and real-time frame counts', async () => {
    expect(rec.mode).toBe('pipe');
    await waitFor('4 segments', () => allSegments(f, CAM).length >= 4, 60_000);
    const now = Date.now() / 1000;
    const rows = await checkSegmentFiles(f, allSegments(f, CAM));
    // Wall-clock times: footage starts after the test started (opening a file takes a moment) and
    // the newest indexed footage ends shortly before now (the segment being written follows).
    const keyS = keyframeInterval(10) / 10;
    expect(rows[0]!.start_time).toBeGreaterThanOrEqual(t0);
    expect(rows[0]!.start_time).toBeLessThan(t0 + 10);
    expect(rows.at(-1)!.end_time).toBeLessThanOrEqual(now);
    expect(rows.at(-1)!.end_time).toBeGreaterThan(now - (SEGMENT_S + keyS + 5));
    expectContiguous(rows);
    // Frames carry their arrival times: over the whole recording about the source's 10 per second.
    // Slack of one second: the first frames wait in the pipe while ffmpeg starts and get bunched
    // times; a loaded machine may deliver fewer.
    const frames = rows.reduce((n, r) => n + (r.info.video?.frames ?? 0), 0);
    const seconds = rows.at(-1)!.end_time - rows[0]!.start_time;
    expect(frames).toBeLessThanOrEqual(seconds * 10 + 10);
    expect(frames).toBeGreaterThan(seconds * 5);
    // Cuts land on the first keyframe after each wall-clock boundary (keyframes every 2 s), so the
    // first segment may run up to a second period long; the others stay near the segment length.
    for (const r of rows.slice(1)) expect(r.end_time - r.start_time).toBeLessThanOrEqual(SEGMENT_S + keyS + 0.2);
    // Finished segments are renamed; only the one being written is still a temp file.
    expect(tempFiles(f.dir, CAM).length).toBeGreaterThanOrEqual(1);
    // The startup gap ended where the first segment starts.
    const startup = f.gaps.listGaps(CAM, 0, 1e11);
    expect(startup).toHaveLength(1);
    expect(startup[0]).toMatchObject({ reason: 'startup', end_time: rows[0]!.start_time });
  });

  it('records a recorder_restart gap when the encoder is killed, and resumes', async () => {
    const before = allSegments(f, CAM).length;
    const [pid] = recorderPids(f.dir, CAM);
    expect(pid).toBeDefined();
    process.kill(pid!, 'SIGKILL');
    await waitFor('gap opened', () => f.gaps.openGaps(CAM).find((g) => g.reason === 'recorder_restart'), 20_000);
    await waitFor('gap closed by new footage', () => f.gaps.openGaps(CAM).length === 0, 40_000);
    const gap = f.gaps.listGaps(CAM, 0, 1e11).find((g) => g.reason === 'recorder_restart')!;
    const rows = allSegments(f, CAM);
    expect(rows.length).toBeGreaterThan(before);
    // The gap runs from the end of the last footage before the kill to the first footage after it.
    expect(rows.some((r) => Math.abs(r.end_time - gap.start_time) < 1e-6)).toBe(true);
    expect(rows.some((r) => Math.abs(r.start_time - (gap.end_time as number)) < 1e-6)).toBe(true);
    expect(gap.detail).toMatch(/SIGKILL/);
    expect(rec.stats().restarts).toBe(1);
    // The partial segment of the killed encoder was never indexed (no row overlaps the gap).
    expect(rows.filter((r) => r.end_time > gap.start_time + 1e-6 && r.start_time < (gap.end_time as number) - 1e-6)).toEqual([]);
  });

  it('restarts a frozen encoder after the watchdog limit', async () => {
    const [pid] = await waitFor('encoder running', () => (recorderPids(f.dir, CAM).length === 1 ? recorderPids(f.dir, CAM) : null), 20_000);
    process.kill(pid!, 'SIGSTOP');
    const gap = await waitFor('watchdog gap', () => f.gaps.listGaps(CAM, 0, 1e11).find((g) => g.reason === 'recorder_restart' && /no new segment/.test(g.detail ?? '')), 45_000);
    await waitFor('footage again', () => f.gaps.openGaps(CAM).length === 0, 40_000);
    const closed = f.gaps.listGaps(CAM, 0, 1e11).find((g) => g.id === gap.id)!;
    expect(closed.end_time).toBeGreaterThan(closed.start_time + 10);
    expect(rec.stats().restarts).toBe(2);
    await checkSegmentFiles(f, allSegments(f, CAM));
  });
});

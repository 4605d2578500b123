// Copy mode for real: a GStreamer RTSP camera on 127.0.0.1 serves an H.264 file; the recorder's
// own `ffmpeg -c copy` writes segments into a real vigil.db. Then the camera goes away and comes
// back, ffmpeg is killed, and finally the recorder is "crashed" and a new one starts beside an
// orphan ffmpeg.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CameraSupervisor } from '../../../server/src/capture/camera-supervisor';
import { Recorder, type RecorderOptions } from '../../../server/src/events/recorder';
import { copyRecorderArgs, runFiles } from '../../../server/src/events/recorder-args';
import { cameraRunsDir, newRunDir, readCmdline, writePidFile } from '../../../server/src/events/recorder-orphans';
import { resolveMediaPath } from '../../../server/src/lib/media-paths';
import { vtestH264 } from '../../helpers/fixtures';
import { waitFor } from '../../helpers/net';
import { RtspTestCamera } from '../../helpers/rtsp-camera';
import { allSegments, captureInit, checkSegmentFiles, expectContiguous, memoryLogger, openRecorderFixture, recorderPids, tempFiles, type RecorderFixture } from './recorder-fixture';

jest.setTimeout(180_000);

const CAM = 'porch';
const PASSWORD = 's3cret';

/** MD5 of every video packet, as stored (no decoding). */
function packetHashes(file: string): string[] {
  const out = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v:0', '-c', 'copy', '-f', 'framemd5', '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(',').at(-1)!.trim());
}

describe('recorder, copy mode (RTSP, no decoding)', () => {
  const source = vtestH264(80);
  const camera = new RtspTestCamera({ streams: { porch: source }, user: 'viewer', password: PASSWORD });
  let f: RecorderFixture;
  let cam: CameraSupervisor;
  let rec: Recorder;
  let t0: number;
  const mem = memoryLogger('debug');
  const extra: ChildProcess[] = [];

  const options = (): RecorderOptions => ({
    camera: CAM, source: camera.url('porch'), rtspTransport: 'tcp', record: { segment_seconds: 3, encoder_preset: 'veryfast' },
    dataDir: f.dir, segments: f.segments, gaps: f.gaps, link: cam, log: mem.log, restartStepsMs: [500, 1000],
  });

  beforeAll(async () => {
    await camera.start();
    f = openRecorderFixture('rec-copy');
    cam = new CameraSupervisor({ init: { ...captureInit(CAM, camera.url('porch'), 'rtsp'), detectFps: 2 }, log: mem.log });
    rec = new Recorder(options());
    t0 = Date.now() / 1000;
    cam.start();
    await rec.start();
  });

  afterAll(async () => {
    await rec.close();
    await cam.close();
    for (const p of extra) if (p.exitCode === null) p.kill('SIGKILL');
    await camera.stop();
    expect(recorderPids(f.dir, CAM)).toEqual([]);
    f.close();
  });

  it('indexes stream-copied segments: ffmpeg says (copy) and the packets are the camera\'s own bytes', async () => {
    expect(rec.mode).toBe('copy');
    await waitFor('3 segments', () => allSegments(f, CAM).length >= 3, 60_000);
    const rows = await checkSegmentFiles(f, allSegments(f, CAM));
    expect(rows[0]!.start_time).toBeGreaterThanOrEqual(t0);
    expect(rows.at(-1)!.end_time).toBeLessThanOrEqual(Date.now() / 1000);
    expectContiguous(rows);
    const text = mem.lines.map((l) => String(l.msg)).join('\n');
    expect(text).toMatch(/Stream #0:0 -> #0:0 \(copy\)/);
    // Re-encoding could never reproduce the camera's packets; copying keeps nearly all of them
    // (the RTSP server re-inserts SPS/PPS into keyframes, so those few differ).
    const camPackets = new Set(packetHashes(source));
    const segPackets = rows.flatMap((r) => packetHashes(resolveMediaPath(f.dir, r.path)));
    const same = segPackets.filter((h) => camPackets.has(h)).length;
    expect(segPackets.length).toBeGreaterThan(50);
    expect(same / segPackets.length).toBeGreaterThan(0.85);
    // ffmpeg echoes the URL: the password never reaches the log.
    expect(JSON.stringify(mem.lines)).not.toContain(PASSWORD);
    expect(text).toContain('viewer:***@');
    // Only the segment in progress is a temp file, and no row names one. (Right when a segment
    // finishes, the next one exists before the finished one is moved: look again a moment later.)
    await waitFor('a single segment in progress', () => tempFiles(f.dir, CAM).length === 1, 15_000, 200);
    expect(rows.every((r) => !r.path.endsWith('.tmp'))).toBe(true);
  });

  it('records a camera_offline gap while the camera is away, closed when footage resumes', async () => {
    await camera.stop();
    await waitFor('offline gap', () => f.gaps.openGaps(CAM).find((g) => g.reason === 'camera_offline'), 30_000);
    await camera.start();
    await waitFor('gap closed', () => f.gaps.openGaps(CAM).length === 0, 60_000);
    const gap = f.gaps.listGaps(CAM, 0, 1e11).find((g) => g.reason === 'camera_offline')!;
    const rows = allSegments(f, CAM);
    expect(rows.some((r) => Math.abs(r.end_time - gap.start_time) < 1e-6)).toBe(true);
    expect(rows.some((r) => Math.abs(r.start_time - (gap.end_time as number)) < 1e-6)).toBe(true);
    expect(gap.end_time! - gap.start_time).toBeGreaterThan(1);
  });

  it('records a recorder_restart gap when its ffmpeg is killed, restarts it, never indexes the partial file', async () => {
    await waitFor('a segment after the return', () => allSegments(f, CAM).at(-1)!.start_time > f.gaps.listGaps(CAM, 0, 1e11).at(-1)!.end_time!, 30_000);
    const restarts = rec.stats().restarts;
    const [pid] = recorderPids(f.dir, CAM);
    process.kill(pid!, 'SIGKILL');
    await waitFor('restart gap', () => f.gaps.openGaps(CAM).find((g) => g.reason === 'recorder_restart'), 20_000);
    await waitFor('footage again', () => f.gaps.openGaps(CAM).length === 0, 40_000);
    expect(rec.stats().restarts).toBe(restarts + 1);
    const gap = f.gaps.listGaps(CAM, 0, 1e11).find((g) => g.reason === 'recorder_restart')!;
    expect(gap.detail).toMatch(/SIGKILL/);
    const rows = await checkSegmentFiles(f, allSegments(f, CAM));
    expect(rows.filter((r) => r.end_time > gap.start_time + 1e-6 && r.start_time < gap.end_time! - 1e-6)).toEqual([]);
  });

  it('records a disk_full gap on a real ENOSPC (the next segment file is /dev/full), then recovers', async () => {
    const [pid] = await waitFor('recorder running', () => (recorderPids(f.dir, CAM).length === 1 ? recorderPids(f.dir, CAM) : null), 20_000);
    const runDir = path.join(cameraRunsDir(f.dir, CAM), fs.readdirSync(cameraRunsDir(f.dir, CAM)).find((d) => readCmdline(pid!)?.some((a) => a.includes(d)))!);
    const written = fs.readdirSync(runDir).map((n) => /^seg(\d{5})\.mp4\.tmp$/.exec(n)).filter((m) => m !== null).map((m) => Number(m[1]));
    const next = `seg${String(Math.max(...written) + 1).padStart(5, '0')}.mp4.tmp`;
    fs.symlinkSync('/dev/full', path.join(runDir, next));
    const gap = await waitFor('disk_full gap', () => f.gaps.openGaps(CAM).find((g) => g.reason === 'disk_full'), 30_000);
    expect(gap.detail).toMatch(/No space left on device/);
    await waitFor('footage again', () => f.gaps.openGaps(CAM).length === 0, 40_000);
    await checkSegmentFiles(f, allSegments(f, CAM).filter((r) => r.start_time >= gap.start_time));
  });

  it('after a crash, kills the orphan ffmpeg (and only it), removes its temp files, and notes the crash', async () => {
    // The recorder stops, and its shutdown gap is closed by hand as if Vigil had died instead; an
    // ffmpeg of the dead Vigil (with its pidfile) is still writing into its run folder.
    await rec.close();
    const gapsBefore = f.gaps.listGaps(CAM, 0, 1e11).length;
    f.gaps.closeGap(f.gaps.openGaps(CAM)[0]!.id, Date.now() / 1000);
    const dir = newRunDir(f.dir, CAM, Date.now());
    fs.mkdirSync(dir, { recursive: true });
    const { args } = copyRecorderArgs({ url: camera.url('porch'), rtspTransport: 'tcp', segmentSeconds: 3, files: runFiles(dir) });
    const orphan = spawn('ffmpeg', args, { stdio: 'ignore' });
    extra.push(orphan);
    writePidFile(f.dir, { pid: orphan.pid!, camera: CAM, dir, startedAt: Date.now() });
    // A stale pidfile whose pid now belongs to something else must not get it killed.
    const bystander = spawn('sleep', ['120'], { stdio: 'ignore' });
    extra.push(bystander);
    writePidFile(f.dir, { pid: bystander.pid!, camera: CAM, dir: newRunDir(f.dir, CAM, Date.now()), startedAt: Date.now() });
    await waitFor('orphan writes', () => fs.existsSync(dir) && fs.readdirSync(dir).some((n) => n.endsWith('.tmp')), 20_000);

    const lastEnd = allSegments(f, CAM).at(-1)!.end_time;
    rec = new Recorder(options());
    await rec.start('crash');
    expect(readCmdline(orphan.pid!)).toBeNull();
    expect(readCmdline(bystander.pid!)).not.toBeNull();
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.readdirSync(`${f.dir}/run`).filter((n) => n.endsWith('.pid'))).toHaveLength(1); // the new recorder's own
    expect(fs.readdirSync(cameraRunsDir(f.dir, CAM))).toHaveLength(1);
    const crash = f.gaps.listGaps(CAM, 0, 1e11).find((g) => g.reason === 'crash')!;
    expect(crash.start_time).toBeCloseTo(lastEnd, 6);
    await waitFor('crash gap closed', () => f.gaps.openGaps(CAM).length === 0, 40_000);
    expect(f.gaps.listGaps(CAM, 0, 1e11).length).toBe(gapsBefore + 1);
    expect(recorderPids(f.dir, CAM)).toHaveLength(1);
  });

  it('close() finishes and indexes the current segment, then opens a shutdown gap at its end', async () => {
    const before = allSegments(f, CAM).length;
    await rec.close();
    const rows = allSegments(f, CAM);
    expect(rows.length).toBe(before + 1);
    await checkSegmentFiles(f, rows.slice(-1));
    const open = f.gaps.openGaps(CAM);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ reason: 'shutdown', start_time: rows.at(-1)!.end_time });
    expect(recorderPids(f.dir, CAM)).toEqual([]);
    expect(fs.readdirSync(cameraRunsDir(f.dir, CAM))).toEqual([]);
  });
});

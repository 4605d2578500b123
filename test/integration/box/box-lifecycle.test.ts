// The whole box as a real process on 127.0.0.1: the demo camera (file, recorded by piping decoded
// frames to an encoder) and a real RTSP camera (recorded by stream copy). Events with snapshots
// and clips; SIGKILL at several points while events are open, each restart consistent; then a
// tiny disk budget and a short event retention, keeping a pinned event.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { cpuSeconds, descendsFrom, stableProblems, probeDuration, readBox, recorderProcesses, type EventRow } from '../../helpers/box-consistency';
import { VTEST, vtestH264 } from '../../helpers/fixtures';
import { waitFor } from '../../helpers/net';
import { RtspTestCamera } from '../../helpers/rtsp-camera';
import { VigilProcess } from '../../helpers/vigil-process';

jest.setTimeout(900_000);

const BIN = path.join(__dirname, '..', '..', '..', 'bin', 'vigil.js');
const PRE = 3;
const POST = 3;

function config(rtspUrl: string, o: { budgetGb?: number; eventsDays?: number } = {}): string {
  return `
server: { host: 127.0.0.1, port: \${PORT} }
storage: { path: \${DATA}, retention_interval_s: 5, max_gb: ${o.budgetGb ?? 0} }
auth: { enabled: false }
record: { segment_seconds: 4, pre_capture: ${PRE}, post_capture: ${POST}, events: { days: ${o.eventsDays ?? 10} } }
events: { max_stationary_s: 20 }
cameras:
  demo:
    source: file://${VTEST}
  porch:
    source: ${rtspUrl}
`;
}

const ended = (rows: EventRow[], camera: string, label = 'person') => rows.filter((e) => e.camera === camera && e.label === label && e.end_time !== null && e.has_clip === 1);

describe('the box end to end', () => {
  const cam = new RtspTestCamera({ streams: { porch: vtestH264(80) }, user: 'viewer', password: 's3cret' });
  let vigil: VigilProcess;

  beforeAll(async () => {
    await cam.start();
    vigil = new VigilProcess({ config: config(cam.url('porch')) });
    await vigil.start();
  });

  afterAll(async () => {
    await vigil.stop('SIGKILL');
    await cam.stop();
    vigil.cleanup();
  });

  it('records person events with snapshots and H.264 clips from both cameras', async () => {
    const box = await waitFor('ended person events with clips on both cameras', () => {
      const b = readBox(vigil.dataDir);
      return ended(b.events, 'demo').length >= 3 && ended(b.events, 'porch').length >= 1 ? b : null;
    }, 300_000, 2000);

    // Each snapshot shows a person, as the detector itself sees it in the stored JPEG.
    for (const e of [...ended(box.events, 'demo').slice(0, 2), ended(box.events, 'porch')[0]!]) {
      const r = spawnSync(process.execPath, [BIN, 'detect', path.join(vigil.dataDir, e.snapshot_path!), '--json', '--min-score', '0.5'], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      const found = JSON.parse(r.stdout) as Array<{ label: string }>;
      expect(found.map((d) => d.label)).toContain('person');
    }

    // Each clip is H.264 and covers the event plus pre/post capture (as far as footage exists),
    // give or take the keyframe the copy has to start on (2 s GOP on both cameras).
    for (const e of [...ended(box.events, 'demo'), ...ended(box.events, 'porch')]) {
      const segs = box.segments.filter((s) => s.camera === e.camera);
      const from = Math.max(e.start_time - PRE, segs[0]!.start_time);
      const to = Math.min(e.end_time! + POST, segs[segs.length - 1]!.end_time);
      const clip = probeDuration(path.join(vigil.dataDir, e.clip_path!));
      expect(clip.codec).toBe('h264');
      expect(clip.duration).toBeGreaterThan(to - from - 1);
      expect(clip.duration).toBeLessThan(to - from + 2.6);
    }
    expect(await stableProblems(vigil.dataDir, { probeClips: true })).toEqual([]);
  });

  it('records the RTSP camera by stream copy: no decoder on the recording path', () => {
    const recs = recorderProcesses(vigil.dataDir).filter((p) => p.cmd.includes('rtsp://'));
    expect(recs).toHaveLength(1);
    const rec = recs[0]!;
    expect(rec.ppid).toBe(vigil.proc!.pid);
    expect(rec.cmd).toMatch(/-c copy/);
    expect(rec.cmd).not.toMatch(/libx264|-c:v (?!copy)/);
    // The camera's capture process decodes every frame; the copy costs next to nothing beside it.
    const captures = vigil.children().filter((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('porch'));
    const capture = captures.find((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('capture.process'));
    expect(capture).toBeDefined();
    expect(cpuSeconds(rec.pid)).toBeLessThan(cpuSeconds(capture!) / 5);
    // The password never reaches the logs.
    expect(vigil.logs).not.toContain('s3cret');
  });

  it('is consistent after SIGKILL at several points while events are open', async () => {
    for (const delayS of [9, 17, 26]) {
      const startedAt = Date.now() / 1000;
      await new Promise((r) => setTimeout(r, delayS * 1000));
      await waitFor('an event in progress', () => readBox(vigil.dataDir).events.some((e) => e.end_time === null), 60_000, 500);
      const killedAt = Date.now() / 1000;
      const oldPid = vigil.proc!.pid!;
      const open = readBox(vigil.dataDir).events.filter((e) => e.end_time === null).map((e) => e.id);
      await vigil.stop('SIGKILL');

      await vigil.start();
      await waitFor('recorders running again', () => recorderProcesses(vigil.dataDir).some((p) => p.ppid === vigil.proc!.pid), 60_000, 500);
      // Recorders left by the killed process end on their own (a capture child sees its channel
      // close and closes its encoder, which finishes its segment within 5 s): none keeps writing.
      // The new box's recorders run under it: stream copies as its children, piped encoders as
      // children of its capture processes.
      const leftBehind = () => recorderProcesses(vigil.dataDir).filter((p) => !descendsFrom(p.pid, vigil.proc!.pid!));
      await waitFor('recorders of the killed process to end', () => leftBehind().length === 0, 20_000, 500).catch(() => undefined);
      expect(leftBehind()).toEqual([]);
      const box = readBox(vigil.dataDir);
      // Events open at the kill were closed at their last evidence, not left open.
      for (const id of open) {
        const e = box.events.find((x) => x.id === id);
        if (!e) continue; // retention may not delete them here, but be tolerant of a pinned id
        expect(e.end_time).not.toBeNull();
        expect(e.end_time!).toBeLessThanOrEqual(killedAt + 0.01);
        expect(e.end_time!).toBe(e.last_seen);
      }
      // The missing time is explained.
      expect(box.gaps.some((g) => g.reason === 'crash' && g.start_time >= startedAt - 10)).toBe(true);
      expect(await stableProblems(vigil.dataDir)).toEqual([]);
      expect(oldPid).not.toBe(vigil.proc!.pid);
    }
  });

  it('keeps within a tiny budget and a short event retention: oldest first, pinned event kept, consistent', async () => {
    const pinned = ended(readBox(vigil.dataDir).events, 'demo')[0]!;
    expect(await vigil.stop('SIGTERM')).toBe(0);
    const db = new Database(path.join(vigil.dataDir, 'vigil.db'));
    db.prepare('UPDATE events SET retain = 1 WHERE id = ?').run(pinned.id);
    db.close();
    const before = readBox(vigil.dataDir);

    // Events are kept 60 s (0.0007 days) and media may use 3 MB: far less than what is stored.
    vigil = new VigilProcess({ dir: vigil.dir, config: config(cam.url('porch'), { budgetGb: 0.003, eventsDays: 0.0007 }) });
    await vigil.start();
    const after = await waitFor('retention to delete old events and footage', () => {
      const b = readBox(vigil.dataDir);
      const gone = before.events.filter((e) => e.id !== pinned.id && !b.events.some((x) => x.id === e.id));
      return gone.length >= 3 ? b : null;
    }, 120_000, 1000);

    // The pinned event, its snapshot and clip are kept, and so is the footage it needs.
    const kept = after.events.find((e) => e.id === pinned.id)!;
    expect(kept).toMatchObject({ retain: 1, has_clip: 1, has_snapshot: 1 });
    expect(fs.existsSync(path.join(vigil.dataDir, kept.clip_path!))).toBe(true);
    const needed = (s: { camera: string; start_time: number; end_time: number }) =>
      s.camera === pinned.camera && s.start_time < pinned.end_time! + POST && s.end_time > pinned.start_time - PRE;
    for (const s of before.segments.filter(needed)) expect(after.segments.some((x) => x.id === s.id)).toBe(true);
    // Footage was deleted, oldest first: no deleted segment is newer than a surviving one of the
    // same camera (apart from what the pinned event needs). The budget is global, so it may be met
    // before one camera's turn comes (footage of events still kept goes last).
    expect(before.segments.filter((s) => !after.segments.some((x) => x.id === s.id)).length).toBeGreaterThan(0);
    for (const camName of ['demo', 'porch']) {
      const deleted = before.segments.filter((s) => s.camera === camName && !after.segments.some((x) => x.id === s.id));
      const survivors = before.segments.filter((s) => s.camera === camName && !needed(s) && after.segments.some((x) => x.id === s.id));
      if (deleted.length > 0 && survivors.length > 0) expect(Math.max(...deleted.map((s) => s.start_time))).toBeLessThanOrEqual(Math.min(...survivors.map((s) => s.start_time)));
    }
    // Deleted events took their media folders with them.
    const deletedEvents = before.events.filter((x) => !after.events.some((y) => y.id === x.id));
    const leftovers = () =>
      deletedEvents.flatMap((e) => {
        const dir = path.join(vigil.dataDir, 'events', e.camera, e.id);
        return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => `${e.id}/${f}`) : [];
      });
    await waitFor('deleted events to lose their media', () => leftovers().length === 0, 10_000, 500).catch(() => undefined);
    expect(leftovers()).toEqual([]);
    expect(await stableProblems(vigil.dataDir)).toEqual([]);
  });
});

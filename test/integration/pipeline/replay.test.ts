// `vigil replay` on real videos through the real pipeline: OpenCV capture and motion in a child
// process, NanoDet through onnxruntime, the tracker and the event reducer.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { TREE, VTEST, staticVideo } from '../../helpers/fixtures';

jest.setTimeout(300_000);

const BIN = path.join(__dirname, '..', '..', '..', 'bin', 'vigil.js');

interface Track {
  id: string;
  label: string;
  firstFrame: number;
  lastFrame: number;
  topScore: number;
  stationary: boolean;
}
interface Replay {
  frames: number;
  seconds: number;
  processedFrames: number;
  motionFrames: number;
  detectorCalls: number;
  tracks: Track[];
  events: Array<{ type: string; after: { id: string; label: string } }>;
}

function replay(file: string): { doc: Replay; raw: string } {
  const r = spawnSync(process.execPath, [BIN, 'replay', file, '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`replay failed (${r.status}): ${r.stderr}`);
  // --json: stdout holds exactly one JSON document.
  return { doc: JSON.parse(r.stdout) as Replay, raw: r.stdout };
}

describe('vigil replay vtest.avi', () => {
  let r: Replay;
  beforeAll(() => {
    r = replay(VTEST).doc;
  });

  it('reads every frame and processes them at 5 fps of video time', () => {
    expect(r.frames).toBe(795);
    expect(r.seconds).toBeCloseTo(79.5, 3);
    expect(r.processedFrames).toBe(398);
    expect(r.motionFrames).toBeGreaterThan(350);
  });

  it('finds the people who walk through the scene as person tracks', () => {
    const people = r.tracks.filter((t) => t.label === 'person');
    // By eye (frames rendered with the track ids drawn): 3 people at frame 0, two walking up the
    // right-hand path from frame ~12, a dozen more coming and going; at most ~10 in view at once.
    expect(people.length).toBeGreaterThanOrEqual(10);
    expect(people.length).toBeLessThanOrEqual(35);
    expect(people.every((t) => t.topScore >= 0.7)).toBe(true);
  });

  it('keeps one id for most of a crossing', () => {
    const people = r.tracks.filter((t) => t.label === 'person');
    // Seen by eye: the pair entering at the right edge around frames 12-18 walk up the path and
    // back down in view until about frame 360-390; each kept one id the whole way.
    const pair = people.filter((t) => t.firstFrame >= 10 && t.firstFrame <= 24 && t.lastFrame >= 340);
    expect(pair.length).toBe(2);
    // Most people stay one track for a long walk: at least six tracks last over 20 s (200 frames).
    expect(people.filter((t) => t.lastFrame - t.firstFrame >= 200).length).toBeGreaterThanOrEqual(6);
  });

  it('finds the parked car as a stationary car, not a moving object', () => {
    const cars = r.tracks.filter((t) => t.label === 'car');
    expect(cars.length).toBeGreaterThanOrEqual(1);
    expect(cars.some((c) => c.stationary && c.firstFrame === 0 && c.lastFrame >= 780)).toBe(true);
  });

  it('reports one event per confirmed track, each ended by the end of the replay', () => {
    const news = r.events.filter((e) => e.type === 'new').map((e) => e.after.id);
    const ends = r.events.filter((e) => e.type === 'end').map((e) => e.after.id);
    expect(new Set(news)).toEqual(new Set(r.tracks.map((t) => t.id)));
    expect(new Set(ends)).toEqual(new Set(news));
  });
});

describe('vigil replay on still and swaying scenes', () => {
  it('tree.avi: motion but no confirmed person, car or animal', () => {
    const { doc } = replay(TREE);
    expect(doc.motionFrames).toBeGreaterThan(0);
    expect(doc.tracks).toEqual([]);
    expect(doc.events).toEqual([]);
  });

  it('a static video costs almost no detector calls after the startup scan, and repeats exactly', () => {
    const file = staticVideo(60);
    const a = replay(file);
    const doc = a.doc;
    expect(doc.frames).toBe(600);
    expect(doc.motionFrames).toBe(0);
    // Startup scan: 4 tiles. Then only the still objects' re-checks (every 50 frames) and the
    // periodic full scan (every 60 s): far under one call per processed frame.
    expect(doc.detectorCalls).toBeLessThan(doc.processedFrames / 4);
    expect(doc.tracks.every((t) => t.stationary)).toBe(true);
    const b = replay(file);
    expect(b.raw).toBe(a.raw);
  });
});

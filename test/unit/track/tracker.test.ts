import type { Box, Detection } from '../../../server/src/contracts/domain';
import { detectSchema, objectsSchema, zoneSchema, type ZoneConfig } from '../../../server/src/config/schema';
import { AppError } from '../../../server/src/lib/errors';
import { sequentialTrackIds, randomTrackId } from '../../../server/src/track/track-id';
import { Tracker, type TrackerUpdate } from '../../../server/src/track/tracker';

const W = 768;
const H = 576;
const T0 = 1_700_000_000_000;
const DT = 200; // 5 fps
const FULL: Box = [0, 0, W, H];

function makeTracker(over: { detect?: object; objects?: object; zones?: Record<string, ZoneConfig> } = {}): Tracker {
  return new Tracker({
    camera: 'yard',
    detect: detectSchema.parse({ min_hits: 3, max_disappeared_s: 2, stationary_frames: 5, stationary_interval: 4, ...over.detect }),
    objects: objectsSchema.parse(over.objects ?? {}),
    zones: over.zones ?? {},
    frameWidth: W,
    frameHeight: H,
    idFactory: sequentialTrackIds(),
  });
}

const person = (x: number, y = 200, score = 0.9): Detection => ({ label: 'person', score, box: [x, y, x + 40, y + 100] });
const car = (x: number, y = 300, score = 0.9): Detection => ({ label: 'car', score, box: [x, y, x + 160, y + 80] });

/** Runs frames (detections per frame) with the whole frame covered; returns every update. */
function run(t: Tracker, frames: Detection[][], start = 0, covered: Box[] = [FULL]): TrackerUpdate[] {
  return frames.map((dets, i) => t.update(T0 + (start + i) * DT, dets, covered));
}

const ids = (u: TrackerUpdate): string[] => u.objects.map((o) => o.id);

describe('Tracker: identity', () => {
  it('keeps one id for a walking person and confirms it once, after min_hits', () => {
    const t = makeTracker();
    const ups = run(t, Array.from({ length: 12 }, (_, i) => [person(100 + 10 * i)]));
    const id = `${(T0 / 1000).toFixed(6)}-000001`;
    expect(new Set(ups.flatMap(ids))).toEqual(new Set([id]));
    expect(ups.map((u) => u.confirmed.length)).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(ups[2]?.confirmed[0]).toMatchObject({ id, confirmed: true, hits: 3, start_time: T0, frame_time: T0 + 2 * DT });
    expect(ups[11]?.objects[0]).toMatchObject({ hits: 12, box: [210, 200, 250, 300], last_seen: T0 + 11 * DT, area: 4000, ratio: 0.4, region: FULL });
  });

  it('makes Frigate-shaped random ids', () => {
    expect(randomTrackId(1_700_000_000_123.4)).toMatch(/^1700000000\.123400-[a-z0-9]{6}$/);
  });

  it('keeps the ids of two people crossing paths, also when one hides behind the other', () => {
    for (const hideFrames of [[], [12, 13, 14]]) {
      const t = makeTracker();
      const frames = Array.from({ length: 26 }, (_, i) => {
        const a = person(100 + 15 * i, 200);
        const b = person(500 - 15 * i, 210);
        return hideFrames.includes(i) ? [a] : [a, b];
      });
      const ups = run(t, frames);
      const first = ups[3] as TrackerUpdate;
      const idA = first.objects.find((o) => o.box[0] < 300)?.id;
      const idB = first.objects.find((o) => o.box[0] > 300)?.id;
      const last = ups[25] as TrackerUpdate;
      expect(last.objects).toHaveLength(2);
      // After crossing, A is on the right moving right and B on the left.
      expect(last.objects.find((o) => o.id === idA)?.box[0]).toBe(100 + 15 * 25);
      expect(last.objects.find((o) => o.id === idB)?.box[0]).toBe(500 - 15 * 25);
      expect(ups.flatMap((u) => u.removed)).toEqual([]);
    }
  });

  it('never turns a person into a car', () => {
    const t = makeTracker();
    run(t, [[person(100)], [person(100)], [person(100)]]);
    const u = t.update(T0 + 3 * DT, [{ label: 'car', score: 0.9, box: [100, 200, 140, 300] }], [FULL]);
    expect(u.objects.map((o) => o.label)).toEqual(['person', 'car']);
    expect(u.objects[0]?.last_seen).toBe(T0 + 2 * DT);
  });
});

describe('Tracker: misses and ends', () => {
  it('does not drop a confirmed track for a single missed frame', () => {
    const t = makeTracker();
    const ups = run(t, [[person(100)], [person(110)], [person(120)], [], [person(140)]]);
    expect(ups[3]?.objects).toHaveLength(1);
    expect(ups[3]?.removed).toEqual([]);
    expect(ups[4]?.objects.map((o) => o.id)).toEqual(ups[0]?.objects.map((o) => o.id));
    expect(ups[4]?.objects[0]?.hits).toBe(4);
  });

  it('keeps the id through an occlusion shorter than max_disappeared_s', () => {
    const t = makeTracker();
    const frames: Detection[][] = Array.from({ length: 16 }, (_, i) => (i >= 5 && i < 10 ? [] : [person(100 + 10 * i)]));
    const ups = run(t, frames);
    expect(new Set(ups.flatMap(ids)).size).toBe(1);
    expect(ups.flatMap((u) => u.removed)).toEqual([]);
  });

  // Regression (vtest.avi): walkers passed behind the lamp post and sign, slowed down there, and
  // came out near where they went in; the motion model had carried their prediction far ahead,
  // so each came back with a new id. A missing track is now also matched near its last box.
  it('keeps the id of a person who slows down behind an obstacle and reappears near where they vanished', () => {
    const t = makeTracker();
    const walk = Array.from({ length: 8 }, (_, i) => [person(400 - 20 * i)]); // x 400 → 260, 20 px/frame
    const hidden = Array.from({ length: 6 }, () => [] as Detection[]); // 1.2 s behind the post
    const back = Array.from({ length: 4 }, (_, i) => [person(255 - 3 * i, 195)]); // out again, slow
    const ups = run(t, [...walk, ...hidden, ...back]);
    expect(new Set(ups.flatMap(ids)).size).toBe(1);
    expect(ups.flatMap((u) => u.removed)).toEqual([]);
  });

  it('does not hand a missing track to someone far from where it was', () => {
    const t = makeTracker();
    const walk = Array.from({ length: 6 }, (_, i) => [person(100 + 10 * i)]);
    const hidden = Array.from({ length: 3 }, () => [] as Detection[]);
    const stranger = Array.from({ length: 3 }, () => [person(600, 400)]);
    const ups = run(t, [...walk, ...hidden, ...stranger]);
    expect(new Set(ups.flatMap(ids)).size).toBe(2);
  });

  it('ends a track missing for max_disappeared_s and starts a new id when it comes back', () => {
    const t = makeTracker();
    // Hits on frames 0-4, misses from frame 5 (t = 1.0 s): it ends at 1.0 + 2.0 s = frame 15.
    const frames: Detection[][] = Array.from({ length: 20 }, (_, i) => (i < 5 || i >= 18 ? [person(100)] : []));
    const ups = run(t, frames);
    expect(ups.map((u) => u.removed.length)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(ups[15]?.removed[0]).toMatchObject({ id: ups[0]?.objects[0]?.id, last_seen: T0 + 4 * DT, frame_time: T0 + 15 * DT });
    expect(ups[14]?.objects).toHaveLength(1);
    expect(ups[15]?.objects).toHaveLength(0);
    expect(ups[18]?.objects[0]?.id).not.toBe(ups[0]?.objects[0]?.id);
  });

  it('never confirms a one-frame false positive and drops it quietly', () => {
    const t = makeTracker();
    const ups = run(t, [[person(300)], [], [], []]);
    expect(ups.flatMap((u) => [...u.confirmed, ...u.updated, ...u.removed])).toEqual([]);
    expect(ups.map((u) => u.objects.length)).toEqual([1, 0, 0, 0]);
  });

  it('drops an unconfirmed track at its first miss, even after several hits', () => {
    const t = makeTracker({ detect: { min_hits: 4 } });
    const ups = run(t, [[person(100)], [person(100)], [person(100)], []]);
    expect(ups.map((u) => u.objects.length)).toEqual([1, 1, 1, 0]);
    expect(ups.flatMap((u) => [...u.confirmed, ...u.removed])).toEqual([]);
  });

  it('does not age a track outside every covered region', () => {
    const t = makeTracker();
    run(t, [[person(100)], [person(100)], [person(100)]]);
    // 30 frames (6 s) where the detector did not run, then 30 where it only looked elsewhere.
    const idle = Array.from({ length: 30 }, (_, i) => t.update(T0 + (3 + i) * DT, [], []));
    const elsewhere = Array.from({ length: 30 }, (_, i) => t.update(T0 + (33 + i) * DT, [], [[400, 100, 768, 576]]));
    expect([...idle, ...elsewhere].every((u) => u.objects.length === 1 && u.removed.length === 0)).toBe(true);
    // Now the detector looks at it and misses it: it ends 2 s later.
    const looked = Array.from({ length: 11 }, (_, i) => t.update(T0 + (63 + i) * DT, [], [[0, 0, 416, 416]]));
    expect(looked.map((u) => u.removed.length)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('ends a track that walked out of the frame even when nothing is covered any more', () => {
    const t = makeTracker();
    const ups = run(t, Array.from({ length: 8 }, (_, i) => [person(600 + 15 * i)])); // to x = 705..745
    expect(ups[7]?.confirmed).toEqual([]);
    const after = Array.from({ length: 20 }, (_, i) => t.update(T0 + (8 + i) * DT, [], []));
    const endedAt = after.findIndex((u) => u.removed.length === 1);
    expect(endedAt).toBeGreaterThan(0);
    expect(after[endedAt]?.objects).toEqual([]);
  });

  it('clear() ends everything and returns the confirmed objects', () => {
    const t = makeTracker();
    run(t, [[person(100), person(400)], [person(100), person(400)], [person(100), person(400), car(600)]]);
    expect(t.clear().map((o) => o.label)).toEqual(['person', 'person']);
    expect(t.update(T0 + 3 * DT, [], [FULL]).objects).toEqual([]);
  });
});

describe('Tracker: scores', () => {
  it.each<[string, number[], boolean]>([
    ['all high', [0.9, 0.9, 0.9], true],
    ['median of 0.9, 0.5, 0.9 is 0.9', [0.9, 0.5, 0.9], true],
    ['median of 0.6, 0.95, 0.6 is 0.6', [0.6, 0.95, 0.6], false],
    ['always 0.6: never', [0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6], false],
  ])('confirmation by median score: %s', (_name, scores, confirms) => {
    const t = makeTracker();
    const ups = run(t, scores.map((s) => [person(100, 200, s)]));
    expect(ups.some((u) => u.confirmed.length > 0)).toBe(confirms);
    expect(ups[ups.length - 1]?.objects).toHaveLength(1); // unconfirmed but still tracked
  });

  it('uses the per-label threshold', () => {
    const t = makeTracker({ objects: { filters: { person: { threshold: 0.55 } } } });
    const ups = run(t, [[person(100, 200, 0.6)], [person(100, 200, 0.6)], [person(100, 200, 0.6)]]);
    expect(ups[2]?.confirmed).toHaveLength(1);
  });

  it('reports the current score and the best median-smoothed top score', () => {
    const t = makeTracker();
    const ups = run(t, [0.8, 0.9, 0.95, 0.5, 0.6, 0.4].map((s) => [person(100, 200, s)]));
    const o = ups[5]?.objects[0];
    // Medians: .8, .85, .9, .85, .8, .7 → best .9
    expect(o?.score).toBe(0.4);
    expect(o?.top_score).toBeCloseTo(0.9, 9);
  });
});

describe('Tracker: stationary objects', () => {
  it('a parked car becomes stationary and is re-checked only every stationary_interval frames', () => {
    const t = makeTracker();
    const carRegion: Box = [100, 100, 516, 516];
    const includes: boolean[] = [];
    const stationary: boolean[] = [];
    const updatedStationary: number[] = [];
    for (let i = 0; i < 30; i++) {
      // The pipeline: regions from hints; the detector sees the car only when a region covers it.
      const hint = t.hints()[0];
      const looked = i === 0 || hint?.include === true;
      if (i > 0) includes.push(hint?.include ?? false);
      const u = t.update(T0 + i * DT, looked ? [car(200 + (i % 2), 300)] : [], looked ? [carRegion] : []);
      stationary.push(u.objects[0]?.stationary ?? false);
      if (u.updated.some((o) => o.stationary)) updatedStationary.push(i);
      expect(u.objects).toHaveLength(1);
    }
    // Hits on frames 0..4: still on hits 2..5 → stationary on the 5th still observation (frame 5).
    expect(stationary.indexOf(true)).toBe(5);
    expect(updatedStationary[0]).toBe(5);
    // Before that every frame is included; afterwards one frame in four.
    expect(includes.slice(0, 5)).toEqual([true, true, true, true, true]);
    expect(includes.slice(5, 21)).toEqual([false, false, false, true, false, false, false, true, false, false, false, true, false, false, false, true]);
  });

  it('moving again clears the stationary state', () => {
    const t = makeTracker();
    const ups = run(t, [...Array.from({ length: 8 }, () => [car(200)]), [car(240)], [car(280)], [car(320)]]);
    expect(ups[7]?.objects[0]?.stationary).toBe(true);
    expect(ups[8]?.objects[0]?.stationary).toBe(true); // one odd box is not enough
    expect(ups[9]?.objects[0]).toMatchObject({ stationary: false, motionless_count: 0 });
    expect(ups[9]?.updated).toHaveLength(1);
    expect(t.hints()[0]?.include).toBe(true);
  });

  it('always includes moving and unconfirmed objects in the hints', () => {
    const t = makeTracker();
    run(t, [[person(100), car(400)], [person(110), car(400)]]);
    expect(t.hints()).toEqual([
      { box: [110, 200, 150, 300], include: true },
      { box: [400, 300, 560, 380], include: true },
    ]);
  });
});

describe('Tracker: zones and updates', () => {
  it('reports zones with inertia; leaving clears current but not entered', () => {
    const t = makeTracker({ zones: { porch: zoneSchema.parse({ coordinates: '300,0,768,0,768,576,300,576', inertia: 2 }) } });
    // Standing point x = box x + 20: inside from x = 280.
    const ups = run(t, [250, 270, 290, 300, 310, 275, 255].map((x) => [person(x)]));
    expect(ups.map((u) => u.objects[0]?.current_zones)).toEqual([[], [], [], ['porch'], ['porch'], [], []]);
    expect(ups.map((u) => u.objects[0]?.entered_zones)).toEqual([[], [], [], ['porch'], ['porch'], ['porch'], ['porch']]);
  });

  it('reports confirmed objects in updated only when something changed', () => {
    const t = makeTracker();
    const ups = run(t, [[person(100)], [person(100)], [person(100)], [person(100)], [person(110)], [], [person(130, 200, 0.8)]]);
    expect(ups.map((u) => u.updated.length)).toEqual([0, 0, 0, 0, 1, 0, 1]);
  });

  it('reports the region each detection came from', () => {
    const t = makeTracker();
    const regions: Box[] = [[0, 0, 416, 416], [352, 160, 768, 576]];
    const u = t.update(T0, [person(50, 50), person(600, 400)], regions);
    expect(u.objects.map((o) => o.region)).toEqual(regions);
  });
});

describe('Tracker: bad input', () => {
  it('rejects a non-finite frame time and a bad frame size', () => {
    const t = makeTracker();
    expect(() => t.update(Number.NaN, [], [])).toThrow(AppError);
    expect(() => new Tracker({ camera: 'x', detect: detectSchema.parse({}), objects: objectsSchema.parse({}), zones: {}, frameWidth: 0, frameHeight: 10 })).toThrow(/frame size/);
  });

  it('holds the time when the clock steps back', () => {
    const t = makeTracker();
    t.update(T0 + 1000, [person(100)], [FULL]);
    const u = t.update(T0 + 500, [person(100)], [FULL]);
    expect(u.objects[0]?.frame_time).toBe(T0 + 1000);
  });

  it('ignores malformed detections', () => {
    const t = makeTracker();
    const u = t.update(T0, [{ label: 'person', score: Number.NaN, box: [0, 0, 10, 10] }, { label: 'person', score: 0.9, box: [10, 10, 10, 30] }], [FULL]);
    expect(u.objects).toEqual([]);
  });
});

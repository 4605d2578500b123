import { DAY_S, planRetention, type CameraRetention, type EventInfo, type RetentionInput, type SegmentInfo } from '../../../server/src/storage/retention';

const NOW = 100 * DAY_S;
const CAM: CameraRetention = { continuousDays: 1, eventsDays: 3, quotaBytes: null, preCapture: 5, postCapture: 5 };

/** A 10 s segment of 100 bytes starting `ago` seconds before now. */
function seg(id: number, camera: string, ago: number, more: Partial<SegmentInfo> = {}): SegmentInfo {
  return { id, camera, path: `recordings/${camera}/${id}.mp4`, start: NOW - ago, end: NOW - ago + 10, bytes: 100, kind: 'continuous', ...more };
}

/** A 20 s event starting `ago` seconds before now (end null = still active). */
function ev(id: string, camera: string, ago: number, more: Partial<EventInfo> = {}): EventInfo {
  return { id, camera, start: NOW - ago, end: NOW - ago + 20, retain: false, hasClip: true, ownClip: false, files: [`events/${camera}/${id}/snapshot.jpg`], ...more };
}

interface Case {
  name: string;
  segments: SegmentInfo[];
  events?: EventInfo[];
  policy?: Partial<RetentionInput['policy']>;
  cameras?: Record<string, Partial<CameraRetention>>;
  usage?: Partial<RetentionInput['usage']>;
  /** [segment id, reason] in deletion order. */
  deleted: [number, string][];
  eventsDeleted?: string[];
  clipLost?: string[];
  shortfall?: Partial<ReturnType<typeof planRetention>['shortfall']>;
}

function run(c: Case) {
  const cameras: Record<string, CameraRetention> = {};
  for (const [name, p] of Object.entries(c.cameras ?? { front: {}, back: {} })) cameras[name] = { ...CAM, ...p };
  const byCamera: Record<string, number> = {};
  for (const s of c.segments) byCamera[s.camera] = (byCamera[s.camera] ?? 0) + s.bytes;
  return planRetention({
    now: NOW,
    policy: { cameras, fallback: CAM, budgetBytes: null, minFreeBytes: 0, minAgeSeconds: 60, ...c.policy },
    usage: { totalBytes: c.segments.reduce((n, s) => n + s.bytes, 0), byCamera, freeBytes: null, ...c.usage },
    segments: c.segments,
    events: c.events ?? [],
  });
}

const H = 3600;
const CASES: Case[] = [
  {
    name: 'age: continuous footage past continuous days goes, younger stays',
    segments: [seg(1, 'front', 2 * DAY_S), seg(2, 'front', DAY_S + 11), seg(3, 'front', DAY_S - 60)],
    deleted: [[1, 'age'], [2, 'age']],
  },
  {
    name: 'age: event footage lives events days, then goes with its expired event',
    segments: [seg(1, 'front', 2 * DAY_S), seg(2, 'front', 4 * DAY_S)],
    events: [ev('young', 'front', 2 * DAY_S - 5), ev('old', 'front', 4 * DAY_S - 5)],
    deleted: [[2, 'age']],
    eventsDeleted: ['old'],
  },
  {
    name: 'age: event footage is kept as long as continuous footage when continuous days are longer',
    segments: [seg(1, 'front', 5 * DAY_S), seg(2, 'front', 8 * DAY_S)],
    events: [ev('a', 'front', 5 * DAY_S)],
    cameras: { front: { continuousDays: 7, eventsDays: 3 } },
    // The event is past events days and goes; its footage is still inside continuous days.
    deleted: [[2, 'age']],
    eventsDeleted: ['a'],
  },
  {
    name: 'age: a retained event and its footage are never deleted',
    segments: [seg(1, 'front', 30 * DAY_S), seg(2, 'front', 30 * DAY_S + 20)],
    events: [ev('kept', 'front', 30 * DAY_S, { retain: true })],
    deleted: [[2, 'age']],
  },
  {
    name: 'age: pre/post capture decides which neighbours are event footage',
    // Event at [t, t+20) 2 days ago; pre 5 s, post 5 s → it needs [t-5, t+25).
    segments: [seg(1, 'front', 2 * DAY_S + 15), seg(2, 'front', 2 * DAY_S + 10), seg(3, 'front', 2 * DAY_S - 20), seg(4, 'front', 2 * DAY_S - 25)],
    events: [ev('e', 'front', 2 * DAY_S)],
    deleted: [[1, 'age'], [4, 'age']],
  },
  {
    name: 'age: an active event keeps everything since its start',
    segments: [seg(1, 'front', 3 * H), seg(2, 'front', 2 * H), seg(3, 'front', H)],
    events: [ev('live', 'front', 2 * H + 3, { end: null })],
    cameras: { front: { continuousDays: 0 } },
    deleted: [[1, 'age']],
  },
  {
    name: 'age: a segment marked as event footage counts as event footage',
    segments: [seg(1, 'front', 2 * DAY_S, { kind: 'event' }), seg(2, 'front', 2 * DAY_S + 20)],
    deleted: [[2, 'age']],
  },
  {
    name: 'age: nothing younger than the minimum age, even with 0 days',
    segments: [seg(1, 'front', 59), seg(2, 'front', 71)],
    cameras: { front: { continuousDays: 0, eventsDays: 0 } },
    deleted: [[2, 'age']],
  },
  {
    name: 'age: cameras no longer configured use the fallback policy',
    segments: [seg(1, 'gone', 2 * DAY_S)],
    cameras: {},
    deleted: [[1, 'age']],
  },
  {
    name: 'budget: continuous before event footage, oldest first, retained never',
    segments: [seg(1, 'front', 5 * H), seg(2, 'front', 4 * H), seg(3, 'back', 3 * H), seg(4, 'front', 2 * H), seg(5, 'back', H)],
    events: [ev('e1', 'front', 5 * H), ev('e2', 'back', 3 * H), ev('pin', 'front', 4 * H, { retain: true })],
    policy: { budgetBytes: 150 },
    deleted: [[4, 'budget'], [5, 'budget'], [1, 'budget'], [3, 'budget']],
    clipLost: ['e1', 'e2'],
    shortfall: { budget: 0 },
  },
  {
    name: 'budget: stops as soon as it is met',
    segments: [seg(1, 'front', 5 * H), seg(2, 'front', 4 * H), seg(3, 'front', 3 * H)],
    policy: { budgetBytes: 200 },
    deleted: [[1, 'budget']],
  },
  {
    name: 'budget: what cannot be met is reported, pinned and young footage stay',
    segments: [seg(1, 'front', 5 * H), seg(2, 'front', 30)],
    events: [ev('pin', 'front', 5 * H, { retain: true })],
    policy: { budgetBytes: 50 },
    deleted: [],
    shortfall: { budget: 150 },
  },
  {
    name: 'free-space floor: frees the oldest continuous footage until the floor is met',
    segments: [seg(1, 'front', 5 * H), seg(2, 'back', 4 * H), seg(3, 'front', 3 * H)],
    policy: { minFreeBytes: 1000 },
    usage: { freeBytes: 820 },
    deleted: [[1, 'free_space'], [2, 'free_space']],
    shortfall: { freeSpace: 0 },
  },
  {
    name: 'quota: only the camera over its quota loses footage, continuous first',
    segments: [seg(1, 'back', 9 * H), seg(2, 'front', 6 * H), seg(3, 'front', 5 * H), seg(4, 'front', 4 * H), seg(5, 'back', 3 * H)],
    events: [ev('e', 'front', 6 * H, { ownClip: true })],
    cameras: { front: { quotaBytes: 150 }, back: {} },
    deleted: [[3, 'quota'], [4, 'quota']],
    shortfall: { quota: {} },
  },
  {
    name: 'quota first, then the global budget counts what the quota freed',
    segments: [seg(1, 'back', 9 * H), seg(2, 'back', 8 * H), seg(3, 'front', 5 * H), seg(4, 'front', 4 * H)],
    cameras: { front: { quotaBytes: 100 }, back: {} },
    policy: { budgetBytes: 200 },
    deleted: [[3, 'quota'], [1, 'budget']],
  },
  {
    name: 'clips: losing only pre/post capture keeps has_clip; losing the event itself loses it',
    // e1 at [t, t+20); segment 1 ends at t (pre-capture only). e2's core is in segment 3.
    segments: [seg(1, 'front', 5 * H + 10), seg(2, 'front', 4 * H), seg(3, 'front', 3 * H)],
    events: [ev('e1', 'front', 5 * H), ev('e2', 'front', 3 * H), ev('own', 'front', 3 * H - 1, { ownClip: true })],
    policy: { budgetBytes: 100 },
    deleted: [[2, 'budget'], [1, 'budget']],
    clipLost: [],
  },
  {
    name: 'clips: an expired event is deleted, not reported as losing its clip',
    segments: [seg(1, 'front', 10 * DAY_S)],
    events: [ev('old', 'front', 10 * DAY_S)],
    deleted: [[1, 'age']],
    eventsDeleted: ['old'],
    clipLost: [],
  },
  {
    name: 'events: active and retained events never expire; per-camera events days',
    segments: [],
    events: [
      ev('active', 'front', 50 * DAY_S, { end: null }),
      ev('kept', 'front', 50 * DAY_S, { retain: true }),
      ev('front-old', 'front', 4 * DAY_S),
      ev('back-old', 'back', 4 * DAY_S),
    ],
    cameras: { front: {}, back: { eventsDays: 5 } },
    deleted: [],
    eventsDeleted: ['front-old'],
  },
];

describe('retention planner', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const plan = run(c);
    expect(plan.segments.map((s) => [s.id, s.reason])).toEqual(c.deleted);
    expect(plan.events.map((e) => e.id)).toEqual(c.eventsDeleted ?? []);
    if (c.clipLost) expect(plan.clipLost).toEqual(c.clipLost);
    if (c.shortfall) expect(plan.shortfall).toMatchObject(c.shortfall);
    expect(plan.freedBytes).toBe(plan.segments.reduce((n, s) => n + s.bytes, 0));
  });

  it('deletes an expired event together with its own files', () => {
    const plan = run({ name: '', segments: [], events: [ev('old', 'front', 10 * DAY_S, { files: ['events/front/old/clip.mp4', 'events/front/old/snapshot.jpg'] })], deleted: [] });
    expect(plan.events).toEqual([{ id: 'old', camera: 'front', files: ['events/front/old/clip.mp4', 'events/front/old/snapshot.jpg'] }]);
  });
});

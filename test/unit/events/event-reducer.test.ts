import type { Box, TrackedObject } from '../../../server/src/contracts/domain';
import { EventReducer, type TrackerChanges } from '../../../server/src/events/event-reducer';

const W = 768;
const H = 576;

function obj(id: string, t: number, over: Partial<TrackedObject> = {}): TrackedObject {
  const box: Box = over.box ?? [100, 100, 150, 250];
  return {
    id, camera: 'cam', label: 'person', score: 0.8, top_score: 0.8, box, area: (box[2] - box[0]) * (box[3] - box[1]), ratio: 0.33,
    region: null, frame_time: t, start_time: 1000, last_seen: t, current_zones: [], entered_zones: [], stationary: false,
    motionless_count: 0, hits: 5, confirmed: true, ...over,
  };
}

function changes(p: Partial<TrackerChanges>): TrackerChanges {
  return { objects: [], confirmed: [], updated: [], removed: [], ...p };
}

function reducer(over: Partial<{ maxStationaryS: number; maxEventS: number }> = {}): EventReducer {
  return new EventReducer({ camera: 'cam', frameWidth: W, frameHeight: H, maxStationaryS: 60, maxEventS: 3600, ...over });
}

describe('EventReducer', () => {
  it('starts an event on confirmation, asks for a snapshot, and ends it when the track ends', () => {
    const r = reducer();
    const a = obj('a', 2000);
    const o1 = r.reduce(changes({ objects: [a], confirmed: [a] }), 2000);
    expect(o1.messages.map((m) => m.type)).toEqual(['new']);
    expect(o1.messages[0]!.after).toMatchObject({ id: 'a', camera: 'cam', label: 'person', start_time: 1, end_time: null, has_snapshot: false });
    expect(o1.snapshots.map((s) => s.eventId)).toEqual(['a']);

    const gone = obj('a', 3000, { last_seen: 2600 });
    const o2 = r.reduce(changes({ removed: [gone] }), 3000);
    expect(o2.messages.map((m) => m.type)).toEqual(['end']);
    expect(o2.messages[0]!.after.end_time).toBe(2.6);
    expect(r.activeIds()).toEqual([]);
  });

  it('announces a stored snapshot with an update carrying has_snapshot', () => {
    const r = reducer();
    const a = obj('a', 2000);
    r.reduce(changes({ objects: [a], confirmed: [a] }), 2000);
    const msg = r.markSnapshot('a');
    expect(msg).toMatchObject({ type: 'update', before: { has_snapshot: false }, after: { has_snapshot: true } });
    expect(r.markSnapshot('nope')).toBeNull();
  });

  it.each([
    // [description, previous object fields, next object fields, update expected]
    ['zone entered', {}, { entered_zones: ['yard'], current_zones: ['yard'] }, true],
    ['score rises a little', {}, { top_score: 0.81 }, false],
    ['score rises enough', {}, { top_score: 0.83 }, true],
    ['becomes stationary', {}, { stationary: true }, true],
    ['box moves only', {}, { box: [110, 100, 160, 250] as Box }, false],
  ])('update on %s: %p → %p = %p', (_d, prev, next, expected) => {
    const r = reducer();
    const a = obj('a', 2000, prev);
    r.reduce(changes({ objects: [a], confirmed: [a] }), 2000);
    const b = obj('a', 2200, { ...prev, ...next });
    const out = r.reduce(changes({ objects: [b], updated: [b] }), 2200);
    expect(out.messages.filter((m) => m.type === 'update').length > 0).toBe(expected);
  });

  it.each([
    // [first box, first score, second box, second score, better?]
    [[100, 100, 150, 250], 0.8, [100, 100, 160, 270], 0.85, true], // bigger and surer
    [[100, 100, 150, 250], 0.8, [100, 100, 151, 251], 0.8, false], // about the same
    [[0, 100, 150, 250], 0.9, [100, 100, 140, 200], 0.6, true], // first touched the left edge
    [[100, 100, 150, 250], 0.6, [0, 100, 400, 500], 0.9, false], // much bigger but cut off at the edge
  ])('snapshot %p@%p then %p@%p → better %p', (b1, s1, b2, s2, better) => {
    const r = reducer();
    const a = obj('a', 2000, { box: b1 as Box, score: s1 as number, area: 0 });
    r.reduce(changes({ objects: [a], confirmed: [a] }), 2000);
    const b = obj('a', 2200, { box: b2 as Box, score: s2 as number });
    const out = r.reduce(changes({ objects: [b], updated: [b] }), 2200);
    expect(out.snapshots.length > 0).toBe(better);
  });

  it('ends an event whose object stays stationary too long and does not start it again', () => {
    const r = reducer({ maxStationaryS: 10 });
    const a = obj('a', 2000);
    r.reduce(changes({ objects: [a], confirmed: [a] }), 2000);
    const still = (t: number) => obj('a', t, { stationary: true });
    expect(r.reduce(changes({ objects: [still(3000)] }), 3000).messages.map((m) => m.type)).toEqual(['update']);
    expect(r.reduce(changes({ objects: [still(12_000)] }), 12_000).messages).toEqual([]);
    const out = r.reduce(changes({ objects: [still(13_000)] }), 13_000);
    expect(out.messages.map((m) => m.type)).toEqual(['end']);
    expect(out.messages[0]!.after.end_time).toBe(13);
    // The same object confirmed again (e.g. re-reported) makes no second event while tracked.
    expect(r.reduce(changes({ objects: [still(14_000)], confirmed: [still(14_000)] }), 14_000).messages).toEqual([]);
  });

  it('ends events longer than max_event_s', () => {
    const r = reducer({ maxEventS: 5, maxStationaryS: 0 });
    const a = obj('a', 2000);
    r.reduce(changes({ objects: [a], confirmed: [a] }), 2000);
    expect(r.reduce(changes({ objects: [obj('a', 5999)] }), 5999).messages).toEqual([]);
    expect(r.reduce(changes({ objects: [obj('a', 6000)] }), 6000).messages.map((m) => m.type)).toEqual(['end']);
  });

  // Regression: flush ended events at the time of their last message (often the `new` one), so a
  // person tracked for a minute got an event of 0.4 s at the end of a replay.
  it('flushes at the time the object was last seen, not at its last message', () => {
    const r = reducer();
    r.reduce(changes({ objects: [obj('a', 2000)], confirmed: [obj('a', 2000)] }), 2000);
    for (let t = 2200; t <= 60_000; t += 200) r.reduce(changes({ objects: [obj('a', t)] }), t);
    const [end] = r.flush(70_000);
    expect(end?.after.end_time).toBe(60);
  });

  it('reports the last evidence of every event in progress', () => {
    const r = reducer();
    r.reduce(changes({ objects: [obj('a', 2000)], confirmed: [obj('a', 2000)] }), 2000);
    const out = r.reduce(changes({ objects: [obj('a', 2400, { last_seen: 2200 })] }), 2400);
    expect(out.seen).toEqual([{ id: 'a', lastSeen: 2.2 }]);
  });

  it('flushes every event in progress', () => {
    const r = reducer();
    const a = obj('a', 2000);
    const b = obj('b', 2000, { label: 'car' });
    r.reduce(changes({ objects: [a, b], confirmed: [a, b] }), 2000);
    const msgs = r.flush(2500);
    expect(msgs.map((m) => [m.type, m.after.id])).toEqual([['end', 'a'], ['end', 'b']]);
    expect(r.activeIds()).toEqual([]);
  });
});

// Stored event rows → REST EventRecords: Frigate's relative boxes, ISO times, thumbnails on request.
import { isoTime, relativeBox, snapshotBox, toEventRecord } from '../../../server/src/api/event-json';
import type { Box } from '../../../server/src/contracts/domain';
import type { StoredEvent } from '../../../server/src/events/ports';

const row: StoredEvent = {
  id: '1700000000.250000-abc123',
  camera: 'front',
  label: 'person',
  sub_label: null,
  score: 0.8,
  top_score: 0.9,
  start_time: 1700000000.25,
  end_time: 1700000012.5,
  zones: ['yard'],
  box: [100, 50, 300, 450],
  region: [0, 0, 400, 400],
  detect_width: 800,
  detect_height: 600,
  has_clip: true,
  has_snapshot: true,
  retain: false,
  manual: false,
  snapshot_path: 'events/front/1700000000.250000-abc123/snapshot.jpg',
  clip_path: null,
  last_seen: 1700000011,
  data: { type: 'object', snapshot: { box: [110, 60, 310, 460], score: 0.95, frame_time: 1700000005 } },
  created_at: 1700000000.3,
  updated_at: 1700000012.5,
};

describe('relativeBox', () => {
  it.each<[Box, number, number, Box]>([
    [[100, 50, 300, 450], 800, 600, [0.125, 0.083333, 0.25, 0.666667]],
    [[0, 0, 800, 600], 800, 600, [0, 0, 1, 1]],
    [[10, 10, 20, 20], 0, 600, [0, 0, 0, 0]],
    [[1, 2, 3, 4], 3, 3, [0.333333, 0.666667, 0.666667, 0.666667]],
  ])('%j in %ix%i → %j', (b, w, h, want) => {
    expect(relativeBox(b, w, h)).toEqual(want);
  });
});

describe('toEventRecord', () => {
  it('maps a stored row to the Frigate-shaped record with absolute and relative boxes', () => {
    expect(toEventRecord(row)).toEqual({
      id: '1700000000.250000-abc123',
      camera: 'front',
      label: 'person',
      sub_label: null,
      start_time: 1700000000.25,
      end_time: 1700000012.5,
      start_time_iso: '2023-11-14T22:13:20.250Z',
      end_time_iso: '2023-11-14T22:13:32.500Z',
      score: 0.8,
      top_score: 0.9,
      zones: ['yard'],
      box: [100, 50, 300, 450],
      has_clip: true,
      has_snapshot: true,
      retain_indefinitely: false,
      manual: false,
      data: { box: [0.125, 0.083333, 0.25, 0.666667], region: [0, 0, 0.5, 0.666667], score: 0.8, top_score: 0.9, type: 'object', detect_width: 800, detect_height: 600 },
    });
  });

  it('keeps an event in progress open, marks manual events, inlines a thumbnail only when asked', () => {
    const open = toEventRecord({ ...row, end_time: null, manual: true, region: null, data: {}, thumbnail: Buffer.from([0xff, 0xd8, 0xff]) }, { thumbnail: true });
    expect([open.end_time, open.end_time_iso, open.data.type, open.data.region, open.thumbnail]).toEqual([null, null, 'manual', null, '/9j/']);
    expect(toEventRecord({ ...row, thumbnail: Buffer.from([1]) }).thumbnail).toBeUndefined();
    expect(toEventRecord({ ...row, thumbnail: null }, { thumbnail: true }).thumbnail).toBeUndefined();
  });
});

describe('snapshotBox', () => {
  it('uses the best frame box stored with the snapshot, else the event box', () => {
    expect(snapshotBox(row)).toEqual({ box: [110, 60, 310, 460], score: 0.95 });
    expect(snapshotBox({ ...row, data: {} })).toEqual({ box: [100, 50, 300, 450], score: 0.9 });
    expect(snapshotBox({ ...row, data: { snapshot: { box: [1, 2, 'x', 4] } } })).toEqual({ box: [100, 50, 300, 450], score: 0.9 });
  });
});

describe('isoTime', () => {
  it.each<[number | null, string | null]>([
    [0, '1970-01-01T00:00:00.000Z'],
    [1700000000.0004, '2023-11-14T22:13:20.000Z'],
    [null, null],
    [Number.NaN, null],
  ])('%p → %p', (t, want) => expect(isoTime(t)).toBe(want));
});

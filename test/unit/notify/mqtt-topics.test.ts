import { countPayloads, mqttTopics, parseDetectSet, statusPayload, topicSegment } from '../../../server/src/notify/mqtt-topics';
import { OfflineBuffer } from '../../../server/src/notify/mqtt-offline-buffer';

describe('mqtt topics', () => {
  const t = mqttTopics('home/vigil/');

  it('names Frigate-shaped topics under the prefix', () => {
    expect([t.available, t.events, t.stats, t.detectSetFilter]).toEqual(['home/vigil/available', 'home/vigil/events', 'home/vigil/stats', 'home/vigil/+/detect/set']);
    expect([t.status('front'), t.motion('front'), t.count('front', 'person'), t.snapshot('front', 'person'), t.detectState('front')]).toEqual([
      'home/vigil/front/status',
      'home/vigil/front/motion',
      'home/vigil/front/person',
      'home/vigil/front/person/snapshot',
      'home/vigil/front/detect/state',
    ]);
  });

  it.each([
    ['traffic light', 'traffic light'],
    ['a/b', 'a_b'],
    ['x+y#z', 'x_y_z'],
  ])('topic level from %s', (name, level) => {
    expect(topicSegment(name)).toBe(level);
  });

  it.each([
    ['home/vigil/front/detect/set', 'ON', { camera: 'front', on: true }],
    ['home/vigil/front/detect/set', ' off\n', { camera: 'front', on: false }],
    ['home/vigil/front/detect/set', 'MAYBE', { camera: 'front', error: 'expected ON or OFF, got "MAYBE"' }],
    ['home/vigil/front/detect/state', 'ON', null],
    ['home/vigil/a/b/detect/set', 'ON', null],
    ['other/front/detect/set', 'ON', null],
    ['home/vigil//detect/set', 'ON', null],
  ])('parses %s %j', (topic, payload, expected) => {
    expect(parseDetectSet(t, topic, Buffer.from(payload))).toEqual(expected);
  });

  it('maps camera states to online/offline and counts to labels plus all', () => {
    expect((['online', 'offline', 'connecting', 'failed', 'stopped'] as const).map(statusPayload)).toEqual(['online', 'offline', 'offline', 'offline', 'offline']);
    expect(countPayloads({ camera: 'front', counts: { person: 2, car: 0, dog: 1 }, time: 0 })).toEqual([
      ['person', '2'],
      ['car', '0'],
      ['dog', '1'],
      ['all', '3'],
    ]);
  });
});

describe('mqtt offline buffer', () => {
  it('dedupes retained state and keeps every state for a reconnect', () => {
    const b = new OfflineBuffer();
    expect([b.setState('p/a', 'ON'), b.setState('p/a', 'ON'), b.setState('p/a', 'OFF'), b.setState('p/b', '1')]).toEqual([true, false, true, true]);
    expect(b.states()).toEqual([
      { topic: 'p/a', payload: 'OFF', retain: true },
      { topic: 'p/b', payload: '1', retain: true },
    ]);
  });

  it('keeps the newest messages and snapshots up to its limits, counting what it drops', () => {
    const b = new OfflineBuffer({ messages: 3, snapshots: 2 });
    for (let i = 0; i < 5; i++) b.hold('p/events', `e${i}`);
    b.holdSnapshot('p/front/person/snapshot', Buffer.from([1]));
    b.holdSnapshot('p/front/person/snapshot', Buffer.from([2])); // replaces the older one
    b.holdSnapshot('p/front/car/snapshot', Buffer.from([3]));
    b.holdSnapshot('p/back/dog/snapshot', Buffer.from([4])); // pushes out front/person
    b.drop();
    expect(b.dropped).toBe(2 + 1 + 1 + 1);
    expect(b.waiting).toBe(5);
    expect(b.drain().map((m) => [m.topic, Buffer.isBuffer(m.payload) ? [...m.payload] : m.payload, m.retain])).toEqual([
      ['p/front/car/snapshot', [3], true],
      ['p/back/dog/snapshot', [4], true],
      ['p/events', 'e2', false],
      ['p/events', 'e3', false],
      ['p/events', 'e4', false],
    ]);
    expect(b.waiting).toBe(0);
  });
});

// MQTT against Debian's mosquitto on loopback: topics and payloads as a Home Assistant client sees
// them, the last will on a cut connection, a broker outage, detect commands, and password auth.
import fs from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import { mqttSchema } from '../../../server/src/config/schema';
import type { VigilBusEvents } from '../../../server/src/contracts/bus-events';
import type { StatsSnapshot } from '../../../server/src/contracts/domain';
import { ManualClock } from '../../../server/src/lib/clock';
import { EventBus } from '../../../server/src/lib/event-bus';
import { createLogger } from '../../../server/src/lib/logger';
import { createMqttPublisher, type MqttPublisher } from '../../../server/src/notify/mqtt-publisher';
import { MESSI } from '../../helpers/fixtures';
import { eventMessage } from '../../helpers/event-message';
import { Mosquitto } from '../../helpers/mosquitto';
import { waitFor } from '../../helpers/net';
import { TcpProxy } from '../../helpers/tcp-proxy';

jest.setTimeout(60_000);

interface Msg {
  topic: string;
  payload: Buffer;
  retain: boolean;
}

/** A subscriber client that records everything under `filter`. */
class Listener {
  readonly msgs: Msg[] = [];
  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => this.msgs.push({ topic, payload, retain: packet.retain }));
  }

  static async open(port: number, filter: string, auth: { username?: string; password?: string } = {}): Promise<Listener> {
    const client = await mqtt.connectAsync({ host: '127.0.0.1', port, protocol: 'mqtt', reconnectPeriod: 0, ...auth });
    const l = new Listener(client);
    await client.subscribeAsync(filter, { qos: 1 });
    return l;
  }

  texts(topic: string): string[] {
    return this.msgs.filter((m) => m.topic === topic).map((m) => m.payload.toString());
  }

  last(topic: string): Msg | undefined {
    return this.msgs.filter((m) => m.topic === topic).at(-1);
  }

  /** Waits for the latest message on `topic` to read `text`. */
  until(topic: string, text: string): Promise<Msg> {
    return waitFor(`${topic} = ${text}`, () => {
      const m = this.last(topic);
      return m && m.payload.toString() === text ? m : null;
    }, 15_000, 20);
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}

function capturedLogger(): { log: ReturnType<typeof createLogger>; text: () => string } {
  const lines: string[] = [];
  return { log: createLogger({ level: 'debug', destination: { write: (s: string) => void lines.push(s) } }), text: () => lines.join('') };
}

const stats = (uptime: number): StatsSnapshot => ({
  cameras: {},
  detectors: { workers: 1, ready: 1, inference_speed: 60, inferences: 10, timeouts: 0, failures: 0, restarts: 0, queue: 0 },
  service: { uptime, version: '0.1.0', cpu_percent: 12, rss: 1, heap_used: 1, load_avg: [0.1], storage: null },
});

describe('MQTT publisher (mosquitto, anonymous)', () => {
  let broker: Mosquitto;
  let proxy: TcpProxy;
  let sub: Listener;
  let pub: MqttPublisher;
  const bus = new EventBus<VigilBusEvents>();
  const clock = new ManualClock(Date.UTC(2024, 5, 1));
  const detectCalls: [string, boolean][] = [];
  const logs = capturedLogger();

  beforeAll(async () => {
    broker = await Mosquitto.start();
    proxy = new TcpProxy(broker.port);
    await proxy.start();
    sub = await Listener.open(broker.port, 'vt/#');
    pub = createMqttPublisher({
      config: mqttSchema.parse({ host: '127.0.0.1', port: proxy.port, topic_prefix: 'vt', stats_interval_s: 5, client_id: 'vigil-test' }),
      bus,
      log: logs.log,
      clock,
      reconnectMs: 200,
      cameras: ['front', 'back'],
      detect: {
        setDetect: (camera, on) => {
          detectCalls.push([camera, on]);
          return camera === 'front' || camera === 'back';
        },
        detectEnabled: (camera) => (camera === 'front' ? true : null),
      },
    });
    pub.start();
  });

  afterAll(async () => {
    await pub.close();
    await sub.close();
    await proxy.stop();
    await broker.stop();
  });

  it('announces itself online and the known detect states', async () => {
    await sub.until('vt/available', 'online');
    await sub.until('vt/front/detect/state', 'ON');
    expect(sub.texts('vt/back/detect/state')).toEqual([]);
    expect(pub.stats()).toMatchObject({ connected: true, dropped: 0 });
  });

  it('publishes status, motion, counts, events, snapshots and throttled stats', async () => {
    const jpeg = fs.readFileSync(MESSI);
    const ev = eventMessage('new', { id: 'mq-1' });
    bus.emit('camera.state', { camera: 'front', state: 'online', previous: 'connecting', reason: null, time: 1 });
    bus.emit('camera.motion', { camera: 'front', active: true, time: 1 });
    bus.emit('camera.objects', { camera: 'front', counts: { person: 2, car: 0 }, time: 1 });
    bus.emit('camera.objects', { camera: 'front', counts: { person: 2, car: 0 }, time: 2 }); // unchanged: not sent again
    bus.emit('event', ev);
    bus.emit('event.snapshot', { camera: 'front', label: 'person', eventId: 'mq-1', jpeg, time: 1 });
    bus.emit('stats', stats(1));
    bus.emit('stats', stats(2)); // within stats_interval_s: skipped
    clock.advance(5000);
    bus.emit('stats', stats(7));
    bus.emit('camera.state', { camera: 'back', state: 'failed', previous: 'online', reason: 'x', time: 1 }); // the last one, a marker

    await sub.until('vt/back/status', 'offline');
    expect(sub.texts('vt/front/status')).toEqual(['online']);
    expect(sub.texts('vt/front/motion')).toEqual(['ON']);
    expect([sub.texts('vt/front/person'), sub.texts('vt/front/car'), sub.texts('vt/front/all')]).toEqual([['2'], ['0'], ['2']]);
    expect(sub.texts('vt/events').map((t) => JSON.parse(t))).toEqual([ev]);
    expect(sub.last('vt/front/person/snapshot')!.payload.equals(jpeg)).toBe(true);
    expect(sub.texts('vt/stats').map((t) => (JSON.parse(t) as StatsSnapshot).service.uptime)).toEqual([1, 7]);

    // A client that connects later (Home Assistant after a restart) gets the retained state.
    const late = await Listener.open(broker.port, 'vt/#');
    try {
      // The broker sends retained messages in an order of its own: wait for all nine topics.
      await waitFor('retained state', () => new Set(late.msgs.map((m) => m.topic)).size >= 9, 15_000, 20);
      expect(late.last('vt/front/person/snapshot')).toMatchObject({ retain: true, payload: jpeg });
      const retained = Object.fromEntries(late.msgs.filter((m) => m.retain && !m.topic.endsWith('/snapshot')).map((m) => [m.topic, m.payload.toString()]));
      expect(retained).toEqual({
        'vt/available': 'online',
        'vt/front/detect/state': 'ON',
        'vt/front/status': 'online',
        'vt/back/status': 'offline',
        'vt/front/motion': 'ON',
        'vt/front/person': '2',
        'vt/front/car': '0',
        'vt/front/all': '2',
      });
      expect(late.texts('vt/events')).toEqual([]);
    } finally {
      await late.close();
    }
  });

  it('turns detection on/off from <prefix>/<camera>/detect/set and publishes the state back', async () => {
    await sub.client.publishAsync('vt/front/detect/set', 'OFF');
    await sub.until('vt/front/detect/state', 'OFF');
    await sub.client.publishAsync('vt/nope/detect/set', 'ON'); // unknown camera: the callback says no
    await sub.client.publishAsync('vt/back/detect/set', 'MAYBE'); // not ON/OFF: ignored
    await sub.client.publishAsync('vt/back/detect/set', 'on');
    await sub.until('vt/back/detect/state', 'ON');
    expect(detectCalls).toEqual([
      ['front', false],
      ['nope', true],
      ['back', true],
    ]);
    expect(sub.texts('vt/nope/detect/state')).toEqual([]);
  });

  it('a cut connection yields "offline" from the last will, then it reconnects by itself', async () => {
    const before = sub.texts('vt/available').length;
    proxy.cut();
    await sub.until('vt/available', 'offline');
    await sub.until('vt/available', 'online');
    expect(sub.texts('vt/available').slice(before)).toEqual(['offline', 'online']);
    expect(pub.stats().reconnects).toBeGreaterThanOrEqual(1);
  });

  it('never blocks during a broker outage: events wait in a bounded buffer, state is re-sent', async () => {
    await proxy.stop();
    await waitFor('publisher disconnected', () => !pub.stats().connected, 10_000, 20);
    const seen = sub.texts('vt/events').length;
    for (let i = 0; i < 150; i++) bus.emit('event', eventMessage('update', { id: `out-${i}` }));
    bus.emit('camera.motion', { camera: 'front', active: false, time: 3 });
    bus.emit('event.snapshot', { camera: 'front', label: 'car', eventId: 'out-1', jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xd9]), time: 3 });
    clock.advance(5000);
    bus.emit('stats', stats(12)); // stale by the time the broker is back: dropped
    expect(pub.stats()).toMatchObject({ connected: false, waiting: 101, dropped: 51 });

    await proxy.start();
    await sub.until('vt/front/motion', 'OFF');
    await waitFor('buffered events', () => sub.texts('vt/events').length === seen + 100, 15_000, 20);
    const ids = sub.texts('vt/events').slice(seen).map((t) => (JSON.parse(t) as { after: { id: string } }).after.id);
    expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => `out-${i + 50}`));
    expect([...sub.last('vt/front/car/snapshot')!.payload]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
    expect(pub.stats()).toMatchObject({ connected: true, waiting: 0, dropped: 51 });
  });

  it('says offline on close (a clean disconnect cancels the will)', async () => {
    await pub.close();
    await sub.until('vt/available', 'offline');
    const late = await Listener.open(broker.port, 'vt/available');
    try {
      expect((await late.until('vt/available', 'offline')).retain).toBe(true);
    } finally {
      await late.close();
    }
    expect(pub.stats().connected).toBe(false);
  });
});

describe('MQTT publisher (mosquitto, password file)', () => {
  const PASSWORD = 'pw-Secr3t!';
  let broker: Mosquitto;

  beforeAll(async () => {
    broker = await Mosquitto.start({ users: { vigil: PASSWORD, ha: 'ha-pass' } });
  });

  afterAll(async () => {
    await broker.stop();
  });

  const make = (password: string, log: ReturnType<typeof createLogger>) =>
    createMqttPublisher({
      config: mqttSchema.parse({ host: '127.0.0.1', port: broker.port, user: 'vigil', password, topic_prefix: 'auth' }),
      bus: new EventBus<VigilBusEvents>(),
      log,
      reconnectMs: 200,
    });

  it('connects with the right password and never logs it', async () => {
    const sub = await Listener.open(broker.port, 'auth/#', { username: 'ha', password: 'ha-pass' });
    const logs = capturedLogger();
    const pub = make(PASSWORD, logs.log);
    try {
      pub.start();
      await sub.until('auth/available', 'online');
    } finally {
      await pub.close();
      await sub.close();
    }
    expect(logs.text()).toContain('mqtt connected');
    expect(logs.text()).not.toContain(PASSWORD);
  });

  it('keeps retrying a refused login without throwing, and reports why', async () => {
    const logs = capturedLogger();
    const pub = make('wrong-Pa55', logs.log);
    try {
      pub.start();
      await waitFor('two refused attempts', () => pub.stats().reconnects >= 2, 15_000, 20);
      expect(pub.stats()).toMatchObject({ connected: false, last_error: expect.stringMatching(/Not authorized/) });
    } finally {
      await pub.close();
    }
    expect(logs.text()).not.toContain('wrong-Pa55');
    // The repeated refusal is logged once, not on every attempt.
    expect(logs.text().match(/Not authorized/g)).toHaveLength(1);
  });
});

// MQTT for Home Assistant and friends: availability with a last will, camera status, events,
// motion, object counts, snapshots and stats on Frigate-shaped topics, plus `detect/set` commands.
// mqtt.js reconnects by itself; while the broker is away nothing blocks (see mqtt-offline-buffer).
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { MqttConfig } from '../config/schema';
import type { VigilBusEvents } from '../contracts/bus-events';
import { systemClock, type Clock } from '../lib/clock';
import { errorMessage } from '../lib/errors';
import type { EventBus } from '../lib/event-bus';
import type { Logger } from '../lib/logger';
import { redactUrls } from '../lib/redact';
import { OfflineBuffer, type OfflineBufferLimits } from './mqtt-offline-buffer';
import { countPayloads, mqttTopics, onOff, parseDetectSet, statusPayload } from './mqtt-topics';

/** How MQTT turns detection on or off for a camera (the camera runtime implements it). */
export interface DetectControl {
  /** False when the camera is unknown (then nothing is published back). */
  setDetect(camera: string, on: boolean): boolean;
  /** Current state, published as `<camera>/detect/state` on connect; null when unknown. */
  detectEnabled?(camera: string): boolean | null;
}

export interface MqttPublisherDeps {
  config: MqttConfig;
  bus: EventBus<VigilBusEvents>;
  log: Logger;
  detect?: DetectControl;
  /** Camera names, for their initial detect state. */
  cameras?: readonly string[];
  clock?: Clock;
  /** Wait between reconnect attempts. @default 5000 */
  reconnectMs?: number;
  buffer?: OfflineBufferLimits;
}

export interface MqttStats {
  connected: boolean;
  published: number;
  /** Messages lost while the broker was away (buffer overflow, stale stats). */
  dropped: number;
  /** Messages waiting for the broker. */
  waiting: number;
  reconnects: number;
  last_error: string | null;
}

export interface MqttPublisher {
  start(): void;
  close(): Promise<void>;
  stats(): MqttStats;
}

const CLOSE_WAIT_MS = 2000;

export function createMqttPublisher(deps: MqttPublisherDeps): MqttPublisher {
  const cfg = deps.config;
  const clock = deps.clock ?? systemClock;
  const log = deps.log.child({ component: 'mqtt' });
  const topics = mqttTopics(cfg.topic_prefix);
  const buffer = new OfflineBuffer(deps.buffer);
  const clientId = cfg.client_id ?? `vigil-${randomBytes(3).toString('hex')}`;
  const unsubscribe: (() => void)[] = [];
  let client: MqttClient | null = null;
  let wasConnected = false;
  /** Connected since the last 'connect' (mqtt.js emits 'close' for every failed attempt too). */
  let up = false;
  let lastStatsAt = -Infinity;
  const counters = { published: 0, reconnects: 0 };
  let lastError: string | null = null;

  const send = (topic: string, payload: string | Buffer, retain: boolean): void => {
    if (!client?.connected) return;
    client.publish(topic, payload, { qos: 0, retain }, (err) => {
      if (err) lastError = errorMessage(err);
    });
    counters.published++;
  };

  /** Retained state: remembered (and sent again on every connect), sent now when connected. */
  const setState = (topic: string, payload: string): void => {
    if (buffer.setState(topic, payload)) send(topic, payload, true);
  };

  const onConnect = (): void => {
    const c = client;
    if (!c) return;
    log.info({ host: cfg.host, port: cfg.port, client_id: clientId }, wasConnected ? 'mqtt reconnected' : 'mqtt connected');
    wasConnected = true;
    up = true;
    send(topics.available, 'online', true);
    c.subscribe(topics.detectSetFilter, { qos: 0 }, (err) => {
      if (err) log.warn({ err }, 'cannot subscribe to detect commands');
    });
    for (const m of buffer.states()) send(m.topic, m.payload, true);
    for (const m of buffer.drain()) send(m.topic, m.payload, m.retain);
  };

  const onMessage = (topic: string, payload: Buffer): void => {
    const cmd = parseDetectSet(topics, topic, payload);
    if (!cmd) return;
    if ('error' in cmd) {
      log.warn({ topic, error: cmd.error }, 'ignored detect command');
      return;
    }
    let ok = false;
    try {
      ok = deps.detect?.setDetect(cmd.camera, cmd.on) ?? false;
    } catch (e) {
      log.warn({ err: e, camera: cmd.camera }, 'detect command failed');
    }
    if (ok) setState(topics.detectState(cmd.camera), onOff(cmd.on));
    else log.warn({ camera: cmd.camera }, 'detect command for an unknown camera');
  };

  const subscribeBus = (): void => {
    const b = deps.bus;
    unsubscribe.push(
      b.on('camera.state', (s) => setState(topics.status(s.camera), statusPayload(s.state))),
      b.on('camera.motion', (m) => setState(topics.motion(m.camera), onOff(m.active))),
      b.on('camera.objects', (c) => {
        for (const [label, n] of countPayloads(c)) setState(topics.count(c.camera, label), n);
      }),
      b.on('event', (e) => {
        const json = JSON.stringify(e);
        if (client?.connected) send(topics.events, json, false);
        else buffer.hold(topics.events, json);
      }),
      b.on('event.snapshot', (s) => {
        const topic = topics.snapshot(s.camera, s.label);
        if (client?.connected) send(topic, s.jpeg, true);
        else buffer.holdSnapshot(topic, s.jpeg);
      }),
      b.on('stats', (st) => {
        const now = clock.now();
        if (now - lastStatsAt < cfg.stats_interval_s * 1000) return;
        lastStatsAt = now;
        // Stale stats are not worth keeping for later.
        if (client?.connected) send(topics.stats, JSON.stringify(st), false);
        else buffer.drop();
      }),
    );
  };

  return {
    start() {
      if (!cfg.enabled || client) return;
      for (const cam of deps.cameras ?? []) {
        const on = deps.detect?.detectEnabled?.(cam);
        if (on !== undefined && on !== null) buffer.setState(topics.detectState(cam), onOff(on));
      }
      subscribeBus();
      log.info({ host: cfg.host, port: cfg.port, user: cfg.user, client_id: clientId, prefix: topics.prefix }, 'mqtt connecting');
      client = mqtt.connect({
        protocol: 'mqtt',
        host: cfg.host,
        port: cfg.port,
        username: cfg.user,
        password: cfg.password,
        clientId,
        clean: true,
        keepalive: 30,
        reconnectPeriod: deps.reconnectMs ?? 5000,
        connectTimeout: 10_000,
        // A refused CONNACK (broker restarting, credentials fixed later) is retried too.
        reconnectOnConnackError: true,
        // Our own bounded buffer decides what waits; mqtt.js would queue QoS 0 without limit.
        queueQoSZero: false,
        will: { topic: topics.available, payload: Buffer.from('offline'), qos: 1, retain: true },
      });
      client.on('connect', onConnect);
      client.on('message', onMessage);
      client.on('reconnect', () => counters.reconnects++);
      client.on('close', () => {
        if (!up) return;
        up = false;
        lastError = 'connection lost';
        log.warn('mqtt connection lost; reconnecting');
      });
      client.on('error', (err) => {
        const msg = redactUrls(errorMessage(err));
        // The same error repeats on every reconnect attempt: log it once.
        if (msg !== lastError) log.warn({ error: msg }, 'mqtt error');
        lastError = msg;
      });
    },
    async close() {
      for (const u of unsubscribe.splice(0)) u();
      const c = client;
      client = null;
      if (!c) return;
      if (c.connected) {
        // A clean DISCONNECT cancels the last will, so say offline ourselves first.
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, CLOSE_WAIT_MS);
          c.publish(topics.available, 'offline', { qos: 1, retain: true }, () => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => c.end(true, () => resolve()), CLOSE_WAIT_MS);
        c.end(!c.connected, () => {
          clearTimeout(t);
          resolve();
        });
      });
    },
    stats() {
      return { connected: client?.connected ?? false, published: counters.published, dropped: buffer.dropped, waiting: buffer.waiting, reconnects: counters.reconnects, last_error: lastError };
    },
  };
}

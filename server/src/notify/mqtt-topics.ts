// MQTT topic names and payloads, Frigate-shaped (`<prefix>/<camera>/<label>`, ON/OFF, …), and the
// parsing of `<prefix>/<camera>/detect/set` commands. Pure.
import type { ObjectCounts } from '../contracts/bus-events';
import type { CameraState } from '../contracts/domain';

export interface MqttTopics {
  prefix: string;
  available: string;
  events: string;
  stats: string;
  /** Subscription filter for detect commands of every camera. */
  detectSetFilter: string;
  status(camera: string): string;
  motion(camera: string): string;
  count(camera: string, label: string): string;
  snapshot(camera: string, label: string): string;
  detectSet(camera: string): string;
  detectState(camera: string): string;
}

/** A topic level from a name: MQTT wildcards, level separators and NUL become `_`. */
export function topicSegment(name: string): string {
  return name.replace(/[/+#]/g, '_').replaceAll('\u0000', '_');
}

export function mqttTopics(prefix: string): MqttTopics {
  const p = prefix.replace(/\/+$/, '');
  const t = (...levels: string[]): string => [p, ...levels.map(topicSegment)].join('/');
  return {
    prefix: p,
    available: `${p}/available`,
    events: `${p}/events`,
    stats: `${p}/stats`,
    detectSetFilter: `${p}/+/detect/set`,
    status: (camera) => t(camera, 'status'),
    motion: (camera) => t(camera, 'motion'),
    count: (camera, label) => t(camera, label),
    snapshot: (camera, label) => t(camera, label, 'snapshot'),
    detectSet: (camera) => t(camera, 'detect', 'set'),
    detectState: (camera) => t(camera, 'detect', 'state'),
  };
}

export const onOff = (on: boolean): 'ON' | 'OFF' => (on ? 'ON' : 'OFF');

/** `<prefix>/<camera>/status` carries only online/offline; connecting and failed are offline. */
export function statusPayload(state: CameraState): 'online' | 'offline' {
  return state === 'online' ? 'online' : 'offline';
}

/** Per-label counts plus Frigate's `all` (the sum), as [label, payload] pairs. */
export function countPayloads(c: ObjectCounts): [string, string][] {
  let all = 0;
  const out: [string, string][] = [];
  for (const [label, n] of Object.entries(c.counts)) {
    all += n;
    out.push([label, String(n)]);
  }
  out.push(['all', String(all)]);
  return out;
}

export type DetectCommand = { camera: string; on: boolean } | { camera: string; error: string };

/** A `<prefix>/<camera>/detect/set` message, or null when the topic is something else. */
export function parseDetectSet(topics: MqttTopics, topic: string, payload: Buffer | string): DetectCommand | null {
  const head = `${topics.prefix}/`;
  if (!topic.startsWith(head) || !topic.endsWith('/detect/set')) return null;
  const camera = topic.slice(head.length, topic.length - '/detect/set'.length);
  if (camera.length === 0 || camera.includes('/')) return null;
  const text = payload.toString().trim().toUpperCase();
  if (text === 'ON') return { camera, on: true };
  if (text === 'OFF') return { camera, on: false };
  return { camera, error: `expected ON or OFF, got ${JSON.stringify(payload.toString().slice(0, 20))}` };
}

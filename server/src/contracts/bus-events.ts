// Topics of the in-process bus: what the pipeline and services announce, and what the leaves
// (live WebSocket, webhooks, MQTT) subscribe to. Times are epoch seconds.
import type { CameraState, EventMessage, StatsSnapshot } from './domain';

export interface CameraStateChange {
  camera: string;
  state: CameraState;
  previous: CameraState;
  reason: string | null;
  time: number;
}

export interface MotionChange {
  camera: string;
  /** ON when motion starts; OFF after the camera's `motion.mqtt_off_delay_s` of quiet. */
  active: boolean;
  time: number;
}

export interface ObjectCounts {
  camera: string;
  /** Confirmed, active objects per tracked label (labels seen before stay at 0). */
  counts: Record<string, number>;
  time: number;
}

export interface BestSnapshot {
  camera: string;
  label: string;
  eventId: string;
  jpeg: Buffer;
  time: number;
}

export interface DiskLow {
  free: number;
  total: number;
  floor: number;
  time: number;
}

export interface VigilBusEvents {
  /** Tracked-object event lifecycle (new on confirmation, update, end). */
  event: EventMessage;
  'camera.state': CameraStateChange;
  'camera.motion': MotionChange;
  'camera.objects': ObjectCounts;
  /** A new best snapshot of an event (MQTT `<camera>/<label>/snapshot`). */
  'event.snapshot': BestSnapshot;
  stats: StatsSnapshot;
  'disk.low': DiskLow;
}

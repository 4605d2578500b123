// The live WebSocket (`/ws`) protocol, shared with the dashboard (type-only import there).
// Text frames carry JSON `{topic, payload}`; binary frames carry live JPEGs with a small header.
import type { Box, CameraState, EventMessage, StatsSnapshot } from './domain';

// --- server → client (text) --------------------------------------------------------------------

export interface CameraStatePayload {
  camera: string;
  state: CameraState;
  reason: string | null;
  fps: number;
}

export type ServerMessage =
  | { topic: 'events'; payload: EventMessage }
  | { topic: 'stats'; payload: StatsSnapshot }
  | { topic: 'camera_state'; payload: CameraStatePayload }
  /** `<camera>/motion` with ON/OFF, like MQTT. */
  | { topic: `${string}/motion`; payload: 'ON' | 'OFF' }
  | { topic: 'hello'; payload: { version: string; cameras: CameraStatePayload[]; user: string | null } }
  | { topic: 'error'; payload: { code: string; message: string } }
  | { topic: 'subscribed'; payload: { camera: string; fps: number; height: number } }
  | { topic: 'unsubscribed'; payload: { camera: string } }
  /** Answer to `{action: 'ping'}` (server time, epoch seconds). */
  | { topic: 'pong'; payload: { time: number } };

// --- client → server (text) --------------------------------------------------------------------

export type ClientMessage =
  /** Start (or change) live frames for a camera. fps 0.2–10, height 90–1080. */
  | { action: 'subscribe'; camera: string; fps?: number; height?: number }
  | { action: 'unsubscribe'; camera: string }
  | { action: 'ping' };

// --- server → client (binary): live frames -------------------------------------------------------
//
// [u32 BE header length N][N bytes UTF-8 JSON LiveFrameHeader][JPEG bytes]

export interface LiveObjectBox {
  id: string;
  label: string;
  score: number;
  /** [x1, y1, x2, y2] in detect-frame pixels. */
  box: Box;
  stationary: boolean;
}

export interface LiveFrameHeader {
  camera: string;
  /** Epoch seconds of the frame. */
  frame_time: number;
  /** Detect-frame size the boxes refer to. */
  width: number;
  height: number;
  objects: LiveObjectBox[];
  /** Motion boxes in detect-frame pixels. */
  motion: Box[];
  /** Regions sent to the detector for this frame (detect-frame pixels). */
  regions: Box[];
}

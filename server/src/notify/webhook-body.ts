// Webhook bodies: tracked-object events in Frigate-like fields with absolute media links, and
// Vigil's own camera-state, disk-low and test bodies. Pure; see notify/README.md for the shapes.
import type { CameraStateChange, DiskLow } from '../contracts/bus-events';
import type { Box, EventMessage } from '../contracts/domain';
import { redactUrls } from '../lib/redact';

export interface BodyContext {
  /** Absolute base for links, e.g. `http://vigil.lan:8080` (no trailing slash needed). */
  baseUrl: string;
  version: string;
  boxId?: string | null;
  /** When the message was made (epoch seconds). */
  nowS: number;
}

export interface VigilTag {
  version: string;
  box_id?: string;
}

/** The event summary every event body carries (from the `after` side). */
export interface WebhookEventSummary {
  id: string;
  camera: string;
  label: string;
  sub_label: string | null;
  score: number;
  top_score: number;
  /** Every zone the object entered during the event. */
  zones: string[];
  /** [x1, y1, x2, y2] in detect-frame pixels. */
  box: Box;
  start_time: number;
  end_time: number | null;
  has_clip: boolean;
  has_snapshot: boolean;
}

export interface EventWebhookBody extends EventMessage {
  time: number;
  event: WebhookEventSummary;
  /** Null until the event has a snapshot. */
  snapshot_url: string | null;
  thumbnail_url: string;
  /** Null until the event has a clip (usually after `end`). */
  clip_url: string | null;
  /** Base64 JPEG, only for hooks with `thumbnail: true` and when one exists. */
  thumbnail?: string;
  vigil: VigilTag;
}

export interface CameraWebhookBody {
  type: 'camera_offline' | 'camera_online';
  time: number;
  camera: string;
  state: string;
  previous: string;
  reason: string | null;
  latest_url: string;
  vigil: VigilTag;
}

export interface DiskLowWebhookBody {
  type: 'disk_low';
  time: number;
  /** Bytes; `floor` is the configured free-space floor. */
  disk: { free: number; total: number; floor: number; free_percent: number };
  vigil: VigilTag;
}

export interface TestWebhookBody {
  type: 'test';
  time: number;
  hook: number;
  message: string;
  vigil: VigilTag;
}

export type WebhookBody = EventWebhookBody | CameraWebhookBody | DiskLowWebhookBody | TestWebhookBody;

/** `server.public_url` when set, else `http://<hostname>:<port>`; never a trailing slash. */
export function defaultBaseUrl(publicUrl: string | undefined, hostname: string, port: number): string {
  if (publicUrl) return trimSlash(publicUrl);
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  return `http://${host}:${port}`;
}

function trimSlash(u: string): string {
  return u.replace(/\/+$/, '');
}

function tag(ctx: BodyContext): VigilTag {
  return ctx.boxId ? { version: ctx.version, box_id: ctx.boxId } : { version: ctx.version };
}

export function eventUrls(baseUrl: string, id: string): { snapshot: string; thumbnail: string; clip: string } {
  const base = `${trimSlash(baseUrl)}/api/events/${encodeURIComponent(id)}`;
  return { snapshot: `${base}/snapshot.jpg`, thumbnail: `${base}/thumbnail.jpg`, clip: `${base}/clip.mp4` };
}

export function eventBody(m: EventMessage, ctx: BodyContext, thumbnailBase64: string | null = null): EventWebhookBody {
  const a = m.after;
  const urls = eventUrls(ctx.baseUrl, a.id);
  const zones = [...new Set([...a.entered_zones, ...a.current_zones])];
  const body: EventWebhookBody = {
    type: m.type,
    time: ctx.nowS,
    event: {
      id: a.id,
      camera: a.camera,
      label: a.label,
      sub_label: a.sub_label,
      score: a.score,
      top_score: a.top_score,
      zones,
      box: a.box,
      start_time: a.start_time,
      end_time: a.end_time,
      has_clip: a.has_clip,
      has_snapshot: a.has_snapshot,
    },
    before: m.before,
    after: m.after,
    snapshot_url: a.has_snapshot ? urls.snapshot : null,
    thumbnail_url: urls.thumbnail,
    clip_url: a.has_clip ? urls.clip : null,
    vigil: tag(ctx),
  };
  if (thumbnailBase64) body.thumbnail = thumbnailBase64;
  return body;
}

export function cameraBody(type: CameraWebhookBody['type'], change: CameraStateChange, ctx: BodyContext): CameraWebhookBody {
  return {
    type,
    time: ctx.nowS,
    camera: change.camera,
    state: change.state,
    previous: change.previous,
    // Reasons can quote ffmpeg, which echoes source URLs with their passwords.
    reason: change.reason === null ? null : redactUrls(change.reason),
    latest_url: `${trimSlash(ctx.baseUrl)}/api/${encodeURIComponent(change.camera)}/latest.jpg`,
    vigil: tag(ctx),
  };
}

export function diskLowBody(disk: DiskLow, ctx: BodyContext): DiskLowWebhookBody {
  const pct = disk.total > 0 ? Math.round((disk.free / disk.total) * 1000) / 10 : 0;
  return { type: 'disk_low', time: ctx.nowS, disk: { free: disk.free, total: disk.total, floor: disk.floor, free_percent: pct }, vigil: tag(ctx) };
}

export function testBody(hook: number, ctx: BodyContext): TestWebhookBody {
  return { type: 'test', time: ctx.nowS, hook, message: 'Test delivery from Vigil: this webhook is reachable.', vigil: tag(ctx) };
}

// The one configuration schema. Every field has a description and a default (or is required);
// objects are strict, so an unknown key is an error. Types come from z.infer.
import { z } from 'zod';
import { deepMerge, headerMapSchema, httpUrlSchema, overrideOf, polygonSchema, sourceSchema, trustedProxySchema, type DeepPartial } from './fields';

/** Names that would collide with API path words (`/api/<camera>/...`). */
export const RESERVED_CAMERA_NAMES = [
  'events', 'stats', 'config', 'cameras', 'health', 'version', 'webhooks', 'auth', 'users', 'tokens',
  'login', 'logout', 'openapi.json', 'metrics', 'recordings', 'ws', 'me', 'labels', 'zones', 'system',
] as const;

export const DEFAULT_TRACKED_LABELS = ['person', 'car', 'truck', 'bus', 'bicycle', 'motorcycle', 'dog', 'cat'];

const num = (d: string) => z.number().describe(d);
const int = (d: string) => z.number().int().describe(d);

// --- server, storage, logging, auth --------------------------------------------------------

export const serverSchema = z.strictObject({
  host: z.string().min(1).default('0.0.0.0').describe('Address to listen on. @default "0.0.0.0"'),
  port: int('HTTP port (env VIGIL_PORT overrides). @default 8080').min(0).max(65535).default(8080),
  public_url: httpUrlSchema.optional().describe('Base URL used for absolute links in webhooks, e.g. http://vigil.lan:8080'),
  trusted_proxies: z
    .array(trustedProxySchema)
    .default([])
    .describe('Reverse proxies whose X-Forwarded-* headers are trusted (express "trust proxy" values). @default []'),
});

export const storageSchema = z.strictObject({
  path: z.string().min(1).default('./data').describe('Data folder (env VIGIL_DATA overrides). @default "./data"'),
  max_gb: num('Global disk budget for media in GB (0 = no size budget). @default 0').min(0).default(0),
  max_percent: num('Global disk budget as percent of the disk (0 = off). @default 90').min(0).max(100).default(90),
  min_free_gb: num('Free-space floor: retention runs at once when free space drops below. @default 1').min(0).default(1),
  retention_interval_s: int('Seconds between retention passes. @default 300').min(5).max(86400).default(300),
});

export const loggingSchema = z.strictObject({
  level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('Log level. @default "info"'),
});

export const authSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Require login or token on every route but /api/health. @default true'),
  session_hours: num('Session cookie lifetime in hours. @default 168').min(0.1).max(8760).default(168),
  login_attempts: int('Failed logins allowed per client address per window. @default 10').min(1).max(1000).default(10),
  login_window_s: int('Window of the login rate limit in seconds. @default 300').min(1).max(86400).default(300),
});

// --- detector -----------------------------------------------------------------------------

export const MODEL_FAMILIES = ['nanodet', 'yolov8', 'yolox', 'ssd'] as const;
export type ModelFamily = (typeof MODEL_FAMILIES)[number];

export const modelSchema = z.strictObject({
  path: z.string().min(1).describe('ONNX model file, or a Vigil model manifest (.json) beside it'),
  family: z.enum(MODEL_FAMILIES).optional().describe('Output decoding; taken from the manifest when omitted'),
  width: int('Model input width (read from the model when it fixes it)').min(16).max(4096).optional(),
  height: int('Model input height (read from the model when it fixes it)').min(16).max(4096).optional(),
  layout: z.enum(['nchw', 'nhwc']).optional().describe('Input tensor layout; family default'),
  channel_order: z.enum(['rgb', 'bgr']).optional().describe('Input channel order; family default'),
  input_dtype: z.enum(['float32', 'uint8']).optional().describe('Input tensor element type; family default'),
  mean: z.tuple([z.number(), z.number(), z.number()]).optional().describe('Per-channel mean subtracted (in the model channel order)'),
  std: z.tuple([z.number(), z.number(), z.number()]).optional().describe('Per-channel divisor after the mean'),
  pad_value: int('Letterbox border value (0-255); family default').min(0).max(255).optional(),
  labels: z.union([z.string(), z.array(z.string())]).optional().describe('Label file (one per line) or list; COCO 80 by default'),
});

export const detectorSchema = z.strictObject({
  model: modelSchema.optional().describe('Model to use; default: models/nanodet-416.json (built by bootstrap)'),
  workers: int('Detector worker threads. @default 1').min(1).max(16).default(1),
  threads: int('onnxruntime intra-op threads per worker (0 = auto). @default 0').min(0).max(64).default(0),
  timeout_ms: int('Per-request timeout in ms. @default 5000').min(100).max(120000).default(5000),
  min_score: num('Detections below this score are discarded before tracking. @default 0.4').min(0).max(1).default(0.4),
  nms_iou: num('IoU above which same-label boxes are merged by NMS. @default 0.5').min(0).max(1).default(0.5),
});

// --- motion, objects, zones ----------------------------------------------------------------

export const motionSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Detect motion (objects are only searched where things move). @default true'),
  threshold: int('Pixel difference (0-255) that counts as changed. @default 30').min(1).max(255).default(30),
  contour_area: int('Minimum contour area in motion-frame pixels. @default 10').min(1).max(100000).default(10),
  frame_height: int('Height of the grey frame motion runs on. @default 120').min(32).max(1080).default(120),
  frame_alpha: num('Background learning rate. @default 0.01').gt(0).max(1).default(0.01),
  calibrate_alpha: num('Background learning rate while calibrating. @default 0.2').gt(0).max(1).default(0.2),
  calibration_frames: int('Frames of calibration after start or a lightning change. @default 10').min(1).max(1000).default(10),
  lightning_threshold: num('Share of the frame changing at once that triggers recalibration. @default 0.8').gt(0).max(1).default(0.8),
  improve_contrast: z.boolean().default(true).describe('Stretch contrast before differencing. @default true'),
  mask: z.array(polygonSchema).default([]).describe('Polygons whose pixels never count as motion. @default []'),
  mqtt_off_delay_s: int('Seconds without motion before motion is reported OFF. @default 30').min(0).max(3600).default(30),
});

export const objectFilterSchema = z.strictObject({
  min_area: num('Minimum box area in detect-frame pixels. @default 0').min(0).default(0),
  max_area: num('Maximum box area in detect-frame pixels. @default 24000000').min(0).default(24_000_000),
  min_ratio: num('Minimum width/height ratio. @default 0').min(0).default(0),
  max_ratio: num('Maximum width/height ratio. @default 24').min(0).default(24),
  min_score: num('Minimum score of a single detection. @default 0.5').min(0).max(1).default(0.5),
  threshold: num('Median score a track needs to be confirmed. @default 0.7').min(0).max(1).default(0.7),
});
export type ObjectFilter = z.infer<typeof objectFilterSchema>;

export const objectsSchema = z.strictObject({
  track: z.array(z.string().min(1)).default(DEFAULT_TRACKED_LABELS).describe('Labels that are tracked. @default person, car, truck, bus, bicycle, motorcycle, dog, cat'),
  filters: z.record(z.string(), objectFilterSchema.prefault({})).default({}).describe('Per-label filters'),
  mask: z.array(polygonSchema).default([]).describe('Objects whose bottom-centre lies in a mask are ignored. @default []'),
});

export const zoneSchema = z.strictObject({
  coordinates: polygonSchema,
  objects: z.array(z.string().min(1)).default([]).describe('Labels that count in this zone (empty = all tracked). @default []'),
  filters: z.record(z.string(), objectFilterSchema.prefault({})).default({}).describe('Per-label filters for this zone'),
  inertia: int('Consecutive frames inside before the object counts as entered. @default 3').min(1).max(100).default(3),
});

// --- recording, snapshots, events ----------------------------------------------------------

export const recordSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Record video segments for event clips. @default true'),
  segment_seconds: int('Length of recorded segments. @default 10').min(2).max(600).default(10),
  pre_capture: num('Seconds of video kept before an event. @default 5').min(0).max(60).default(5),
  post_capture: num('Seconds of video kept after an event. @default 5').min(0).max(300).default(5),
  continuous: z
    .strictObject({ days: num('Days of continuous recording kept (0 = only event footage). @default 0').min(0).max(3650).default(0) })
    .prefault({}),
  events: z
    .strictObject({ days: num('Days event footage and events are kept. @default 10').min(0).max(3650).default(10) })
    .prefault({}),
  quota_gb: num('Per-camera media quota in GB (0 = none). @default 0').min(0).default(0),
  encoder_preset: z.enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium']).default('veryfast').describe('x264 preset for sources that arrive as decoded frames. @default "veryfast"'),
});

export const snapshotsSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Store a best snapshot per event. @default true'),
  quality: int('JPEG quality of stored snapshots. @default 85').min(10).max(100).default(85),
  thumbnail_height: int('Height of the stored thumbnail. @default 175').min(32).max(720).default(175),
});

export const eventsSchema = z.strictObject({
  max_stationary_s: num('End an event whose object stays stationary this long (0 = never). @default 300').min(0).default(300),
  max_event_s: num('Longest event before it is ended (0 = unlimited). @default 3600').min(0).default(3600),
});

// --- cameras -------------------------------------------------------------------------------

export const detectSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Run object detection. @default true'),
  width: int('Detect frame width (default: the source width)').min(16).max(7680).optional(),
  height: int('Detect frame height (default: the source height)').min(16).max(4320).optional(),
  fps: num('Frames per second processed for motion and detection. @default 5').gt(0).max(30).default(5),
  scan_interval_s: num('Seconds between full-frame scans for still objects (0 = only at start). @default 60').min(0).max(86400).default(60),
  min_hits: int('Consecutive detections before an object is confirmed. @default 3').min(1).max(30).default(3),
  max_disappeared_s: num('Seconds an object may be missing before its track ends. @default 5').gt(0).max(600).default(5),
  stationary_frames: int('Frames without movement before an object is stationary. @default 25').min(1).max(10000).default(25),
  stationary_interval: int('A stationary object is re-checked by the detector every N frames. @default 50').min(1).max(10000).default(50),
});

export const cameraSchema = z.strictObject({
  source: sourceSchema.describe('file://, rtsp://, http(s):// MJPEG URL or /dev/videoN'),
  record_source: sourceSchema.optional().describe('A second stream to record (typically the main high-resolution stream)'),
  enabled: z.boolean().default(true).describe('Run this camera. @default true'),
  rtsp_transport: z.enum(['tcp', 'udp']).default('tcp').describe('RTSP transport. @default "tcp"'),
  stall_timeout_s: num('Seconds without a frame before the source is reconnected. @default 20').min(1).max(600).default(20),
  detect: detectSchema.prefault({}),
  motion: overrideOf(motionSchema).optional().describe('Overrides of the global motion settings'),
  objects: overrideOf(objectsSchema).optional().describe('Overrides of the global object settings'),
  record: overrideOf(recordSchema).optional().describe('Overrides of the global record settings'),
  snapshots: overrideOf(snapshotsSchema).optional().describe('Overrides of the global snapshot settings'),
  zones: z.record(z.string().regex(/^[a-z0-9_-]+$/, 'zone names use a-z, 0-9, _ and -'), zoneSchema).default({}),
});

/** Problem with a camera name, or null. Checked in superRefine so the camera's own keys are
 * still validated (a record key schema would skip the value). */
export function cameraNameProblem(n: string): string | null {
  if (!/^[a-z0-9_-]+$/.test(n)) return 'camera names use a-z, 0-9, _ and -';
  if ((RESERVED_CAMERA_NAMES as readonly string[]).includes(n)) return 'this name is reserved by the API';
  return null;
}

// --- notifications -------------------------------------------------------------------------

export const WEBHOOK_EVENT_TYPES = ['new', 'update', 'end', 'camera_offline', 'camera_online', 'disk_low', 'test'] as const;

export const webhookSchema = z.strictObject({
  url: httpUrlSchema,
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).default(['new', 'end', 'camera_offline', 'camera_online', 'disk_low', 'test']).describe('Which messages are delivered'),
  cameras: z.array(z.string()).default([]).describe('Only these cameras (empty = all). @default []'),
  labels: z.array(z.string()).default([]).describe('Only these labels (empty = all). @default []'),
  zones: z.array(z.string()).default([]).describe('Only events in these zones (empty = all). @default []'),
  min_score: num('Only events with top score at least this. @default 0').min(0).max(1).default(0),
  headers: headerMapSchema.default({}).describe('Extra request headers'),
  timeout: num('Request timeout in seconds. @default 10').gt(0).max(120).default(10),
  cooldown: num('Seconds after a delivery for a camera+label before the next new-event delivery. @default 0').min(0).max(86400).default(0),
  secret: z.string().min(1).optional().describe('HMAC-SHA256 key for X-Vigil-Signature'),
  thumbnail: z.boolean().default(false).describe('Inline a base64 thumbnail in the body. @default false'),
});

export const mqttSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Connect to the broker. @default true'),
  host: z.string().min(1).describe('Broker host'),
  port: int('Broker port. @default 1883').min(1).max(65535).default(1883),
  user: z.string().optional(),
  password: z.string().optional(),
  topic_prefix: z.string().regex(/^[^#+]+$/, 'no MQTT wildcards in the prefix').default('vigil').describe('@default "vigil"'),
  client_id: z.string().optional().describe('Client id (default vigil-<random>)'),
  stats_interval_s: int('Seconds between stats messages. @default 60').min(5).max(3600).default(60),
});

// --- the whole file ------------------------------------------------------------------------

export const configSchema = z
  .strictObject({
    server: serverSchema.prefault({}),
    storage: storageSchema.prefault({}),
    logging: loggingSchema.prefault({}),
    auth: authSchema.prefault({}),
    detector: detectorSchema.prefault({}),
    motion: motionSchema.prefault({}),
    objects: objectsSchema.prefault({}),
    record: recordSchema.prefault({}),
    snapshots: snapshotsSchema.prefault({}),
    events: eventsSchema.prefault({}),
    cameras: z.record(z.string(), cameraSchema).describe('Cameras by name'),
    webhooks: z.array(webhookSchema).default([]),
    mqtt: mqttSchema.optional(),
  })
  .superRefine(
    (cfg, ctx) => {
      // Runs even when other keys have problems (`when`), so every problem is listed at once;
      // the value may then be partly invalid, hence the defensive reads.
      const cameras = (cfg as { cameras?: unknown }).cameras;
      if (!cameras || typeof cameras !== 'object') return;
      if (Object.keys(cameras).length === 0) ctx.addIssue({ code: 'custom', path: ['cameras'], message: 'at least one camera is needed' });
      for (const [name, cam] of Object.entries(cameras as Record<string, { detect?: { width?: unknown; height?: unknown } }>)) {
        const bad = cameraNameProblem(name);
        if (bad) ctx.addIssue({ code: 'custom', path: ['cameras', name], message: `invalid name: ${bad}`, params: { atKey: true } });
        const d = cam?.detect;
        if (d && typeof d === 'object' && (d.width === undefined) !== (d.height === undefined)) {
          ctx.addIssue({ code: 'custom', path: ['cameras', name, 'detect', d.width === undefined ? 'width' : 'height'], message: 'detect width and height go together' });
        }
      }
    },
    { when: () => true },
  );

export type VigilConfig = z.infer<typeof configSchema>;
export type ServerConfig = z.infer<typeof serverSchema>;
export type StorageConfig = z.infer<typeof storageSchema>;
export type AuthConfig = z.infer<typeof authSchema>;
export type DetectorConfig = z.infer<typeof detectorSchema>;
export type ModelConfig = z.infer<typeof modelSchema>;
export type MotionConfig = z.infer<typeof motionSchema>;
export type ObjectsConfig = z.infer<typeof objectsSchema>;
export type ZoneConfig = z.infer<typeof zoneSchema>;
export type RecordConfig = z.infer<typeof recordSchema>;
export type SnapshotsConfig = z.infer<typeof snapshotsSchema>;
export type EventsConfig = z.infer<typeof eventsSchema>;
export type DetectConfig = z.infer<typeof detectSchema>;
export type CameraConfigInput = z.infer<typeof cameraSchema>;
export type WebhookConfig = z.infer<typeof webhookSchema>;
export type MqttConfig = z.infer<typeof mqttSchema>;

/** A camera with the global sections merged under its own overrides. */
export interface CameraConfig {
  name: string;
  source: string;
  record_source?: string;
  enabled: boolean;
  rtsp_transport: 'tcp' | 'udp';
  stall_timeout_s: number;
  detect: DetectConfig;
  motion: MotionConfig;
  objects: ObjectsConfig;
  record: RecordConfig;
  snapshots: SnapshotsConfig;
  zones: Record<string, ZoneConfig>;
}

export function resolveCamera(cfg: VigilConfig, name: string): CameraConfig {
  const cam = cfg.cameras[name];
  if (!cam) throw new Error(`unknown camera ${name}`);
  return {
    name,
    source: cam.source,
    record_source: cam.record_source,
    enabled: cam.enabled,
    rtsp_transport: cam.rtsp_transport,
    stall_timeout_s: cam.stall_timeout_s,
    detect: cam.detect,
    // Re-parsed after merging so keys that neither level names get their defaults.
    motion: motionSchema.parse(deepMerge(cfg.motion, cam.motion as DeepPartial<MotionConfig>)),
    objects: objectsSchema.parse(deepMerge(cfg.objects, cam.objects as DeepPartial<ObjectsConfig>)),
    record: recordSchema.parse(deepMerge(cfg.record, cam.record as DeepPartial<RecordConfig>)),
    snapshots: snapshotsSchema.parse(deepMerge(cfg.snapshots, cam.snapshots as DeepPartial<SnapshotsConfig>)),
    zones: cam.zones,
  };
}

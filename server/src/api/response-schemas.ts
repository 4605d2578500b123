// zod descriptions of the JSON the API answers with, checked at compile time against the TypeScript
// contracts (contracts/*.ts). They feed the OpenAPI document; tests parse real responses with them.
import { z } from 'zod';
import type { ApiError, CreateEventResponse, RecordingsResponse, VersionResponse } from '../contracts/api-types';
import type { CameraInfo, CameraStats, DetectorStats, EventRecord, StatsSnapshot, StorageStats } from '../contracts/domain';

/** Compile-time proof that a schema's output is exactly the contract type. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
function exact<T>() {
  return <S extends z.ZodType>(schema: S & (Same<z.output<S>, T> extends true ? unknown : never)): S => schema;
}

const box = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const cameraState = z.enum(['connecting', 'online', 'offline', 'failed', 'stopped']);

export const apiErrorSchema = exact<ApiError>()(
  z.strictObject({ error: z.strictObject({ code: z.string(), message: z.string() }) }).meta({ id: 'ApiError' }),
);

export const successSchema = z.strictObject({ success: z.literal(true), message: z.string() }).meta({ id: 'Success' });
export type SuccessResponse = z.output<typeof successSchema>;

export const eventRecordSchema = exact<EventRecord>()(
  z
    .strictObject({
      id: z.string(),
      camera: z.string(),
      label: z.string(),
      sub_label: z.string().nullable(),
      start_time: z.number().describe('Epoch seconds'),
      end_time: z.number().nullable().describe('Epoch seconds; null while in progress'),
      start_time_iso: z.string(),
      end_time_iso: z.string().nullable(),
      score: z.number(),
      top_score: z.number(),
      zones: z.array(z.string()),
      box: box.describe('Absolute [x1, y1, x2, y2] in detect-frame pixels'),
      has_clip: z.boolean(),
      has_snapshot: z.boolean(),
      retain_indefinitely: z.boolean(),
      manual: z.boolean(),
      thumbnail: z.string().optional().describe('Base64 JPEG (include_thumbnails=1)'),
      data: z.strictObject({
        box: box.describe("Frigate's relative [x, y, w, h]"),
        region: box.nullable().describe('Relative [x, y, w, h]'),
        score: z.number(),
        top_score: z.number(),
        type: z.enum(['object', 'manual']),
        detect_width: z.number(),
        detect_height: z.number(),
      }),
    })
    .meta({ id: 'EventRecord' }),
);

export const eventListSchema = z.array(eventRecordSchema);

export const createEventResponseSchema = exact<CreateEventResponse>()(
  z.strictObject({ success: z.literal(true), message: z.string(), event_id: z.string() }).meta({ id: 'CreateEventResponse' }),
);

export const recordingsResponseSchema = exact<RecordingsResponse>()(
  z
    .strictObject({
      camera: z.string(),
      segments: z.array(
        z.strictObject({
          id: z.number(),
          camera: z.string(),
          path: z.string().describe('Relative to the data folder'),
          start_time: z.number(),
          end_time: z.number(),
          duration: z.number(),
          bytes: z.number(),
        }),
      ),
      gaps: z.array(
        z.strictObject({
          camera: z.string(),
          start_time: z.number(),
          end_time: z.number().nullable().describe('null while the gap lasts'),
          reason: z.enum(['camera_offline', 'recorder_restart', 'disk_full', 'recorder_failed', 'startup', 'shutdown', 'crash']),
          detail: z.string().nullable(),
        }),
      ),
    })
    .meta({ id: 'RecordingsResponse' }),
);

export const cameraInfoSchema = exact<CameraInfo>()(
  z
    .strictObject({
      name: z.string(),
      state: cameraState,
      reason: z.string().nullable(),
      kind: z.enum(['file', 'rtsp', 'http', 'v4l2']),
      width: z.number().nullable(),
      height: z.number().nullable(),
      detect_width: z.number().nullable(),
      detect_height: z.number().nullable(),
      fps: z.number(),
      detect_fps: z.number(),
      detect_enabled: z.boolean(),
      zones: z.record(z.string(), z.array(z.tuple([z.number(), z.number()]))),
    })
    .meta({ id: 'CameraInfo' }),
);

const cameraStatsSchema = exact<CameraStats>()(
  z.strictObject({
    state: cameraState,
    camera_fps: z.number(),
    process_fps: z.number(),
    detection_fps: z.number(),
    skipped_fps: z.number(),
    skipped: z.number(),
    captured: z.number(),
    dropped: z.number(),
    reconnects: z.number(),
    motion_share: z.number(),
    regions_per_frame: z.number(),
    detector_ms: z.number(),
    detect_enabled: z.boolean(),
    last_frame_time: z.number().nullable(),
  }),
);

const detectorStatsSchema = exact<DetectorStats>()(
  z.strictObject({
    workers: z.number(),
    ready: z.number(),
    inference_speed: z.number().describe('Average inference time (ms)'),
    inferences: z.number(),
    timeouts: z.number(),
    failures: z.number(),
    restarts: z.number(),
    queue: z.number(),
  }),
);

const storageStatsSchema = exact<StorageStats>()(
  z.strictObject({ total: z.number(), used: z.number(), free: z.number(), media_bytes: z.number(), days_left: z.number().nullable() }),
);

export const statsSchema = exact<StatsSnapshot>()(
  z
    .strictObject({
      cameras: z.record(z.string(), cameraStatsSchema),
      detectors: detectorStatsSchema,
      service: z.strictObject({
        uptime: z.number(),
        version: z.string(),
        cpu_percent: z.number(),
        rss: z.number(),
        heap_used: z.number(),
        load_avg: z.array(z.number()),
        storage: storageStatsSchema.nullable(),
      }),
      webhooks: z.strictObject({ pending: z.number(), delivered: z.number(), failed: z.number(), last_error: z.string().nullable() }).optional(),
    })
    .meta({ id: 'Stats' }),
);

export const versionSchema = exact<VersionResponse>()(z.strictObject({ version: z.string(), node: z.string() }));

/** The running configuration with secrets replaced by "***" (shape of the config file). */
export const configViewSchema = z.record(z.string(), z.unknown()).meta({ id: 'ConfigView' });

/** Standard error answers, shared by every route's response list. */
export function errors(...statuses: number[]): Record<number, { description: string; schema: typeof apiErrorSchema }> {
  const text: Record<number, string> = {
    400: 'Invalid parameter, query or body',
    401: 'Not logged in (session cookie or Bearer token needed)',
    403: 'Admin role needed, or CSRF token missing',
    404: 'No such camera, event or file',
    409: 'Conflicts with the current state',
    416: 'Range not satisfiable',
    503: 'Not available right now',
  };
  return Object.fromEntries(statuses.map((s) => [s, { description: text[s] ?? 'Error', schema: apiErrorSchema }]));
}

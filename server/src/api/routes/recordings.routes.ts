// Recorded footage of a camera: the segments and the gaps (with their reasons) in a time range,
// and any range exported as one MP4 cut from the segments without re-encoding.
import { Router } from 'express';
import { z } from 'zod';
import type { RecordingsResponse } from '../../contracts/api-types';
import { AppError } from '../../lib/errors';
import type { ApiDeps } from '../deps';
import { sendMediaFile } from '../media-file';
import { cameraParam, epochSeconds } from '../query-fields';
import { errors, recordingsResponseSchema } from '../response-schemas';
import { mount, type RouteSpec } from '../route-spec';
import { cameraFor } from './cameras.routes';

/** Longest range listed at once (a week of 10 s segments is ~60 000 rows). */
export const MAX_RECORDINGS_RANGE_S = 7 * 86_400;
/** Default range of the listing: the last day. */
export const DEFAULT_RECORDINGS_RANGE_S = 86_400;
/** Longest export (the clip assembly's own limit). */
export const MAX_EXPORT_S = 3 * 3600;

export const recordingsQuerySchema = z.strictObject({
  after: epochSeconds.optional().describe('Range start (default: 24 h before `before`)'),
  before: epochSeconds.optional().describe('Range end (default: now)'),
});

export const recordingsRoute = {
  method: 'get',
  path: '/:camera/recordings',
  tag: 'recordings',
  summary: 'Recorded segments and gaps (with reasons) of a camera in a time range',
  params: z.strictObject({ camera: cameraParam }),
  query: recordingsQuerySchema,
  responses: { 200: { description: 'Segments and gaps, oldest first', schema: recordingsResponseSchema }, ...errors(400, 401, 404) },
} satisfies RouteSpec;

export const exportParamsSchema = z.strictObject({
  camera: cameraParam,
  start: epochSeconds.describe('Start, epoch seconds'),
  end: epochSeconds.describe('End, epoch seconds'),
});

export const exportRoute = {
  method: 'get',
  path: '/:camera/start/:start/end/:end/clip.mp4',
  tag: 'recordings',
  summary: 'Export recorded footage of a time range as one MP4 (cut without re-encoding); supports Range requests',
  params: exportParamsSchema,
  responses: {
    200: { description: 'MP4 (H.264)', contentType: 'video/mp4' },
    206: { description: 'The requested byte range', contentType: 'video/mp4' },
    ...errors(400, 401, 404, 416),
  },
} satisfies RouteSpec;

export const RECORDING_ROUTES: RouteSpec[] = [recordingsRoute, exportRoute];

export function recordingRoutes(deps: ApiDeps): Router {
  const r = Router();
  mount(r, recordingsRoute, ({ params, query }): RecordingsResponse => {
    cameraFor(deps, params.camera);
    const before = query.before ?? Date.now() / 1000;
    const after = query.after ?? before - DEFAULT_RECORDINGS_RANGE_S;
    if (after >= before) throw new AppError('bad_request', 'query.after must be before query.before');
    if (before - after > MAX_RECORDINGS_RANGE_S) throw new AppError('bad_request', `a listing may span at most ${MAX_RECORDINGS_RANGE_S / 86_400} days`);
    const segments = deps.recordings.listSegments(params.camera, after, before).map((s) => ({
      id: s.id,
      camera: s.camera,
      path: s.path,
      start_time: s.start_time,
      end_time: s.end_time,
      duration: s.duration,
      bytes: s.bytes,
    }));
    const gaps = deps.recordings.listGaps(params.camera, after, before).map((g) => ({
      camera: g.camera,
      start_time: g.start_time,
      end_time: g.end_time,
      reason: g.reason,
      detail: g.detail,
    }));
    return { camera: params.camera, segments, gaps };
  });
  mount(r, exportRoute, async ({ params, res }) => {
    cameraFor(deps, params.camera);
    if (params.end <= params.start) throw new AppError('bad_request', 'end must be after start');
    if (params.end - params.start > MAX_EXPORT_S) throw new AppError('bad_request', `an export may span at most ${MAX_EXPORT_S} s`);
    const clip = await deps.clips.exportClip(params.camera, params.start, params.end);
    const name = `${params.camera}-${Math.floor(params.start)}-${Math.ceil(params.end)}.mp4`;
    await sendMediaFile(res, clip.path, { contentType: 'video/mp4', downloadName: name });
  });
  return r;
}

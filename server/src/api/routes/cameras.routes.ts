// Camera endpoints: the camera list and the latest frame as JPEG, optionally with the boxes and
// labels of the objects tracked right now.
import { Router } from 'express';
import { z } from 'zod';
import type { TrackedObject } from '../../contracts/domain';
import { AppError } from '../../lib/errors';
import { overlaySvg } from '../../lib/overlay-svg';
import type { ApiDeps, CameraView } from '../deps';
import { FrameJpegCache } from '../frame-jpeg-cache';
import { cameraParam, queryBool, queryInt } from '../query-fields';
import { cameraInfoSchema, errors } from '../response-schemas';
import { mount, type RouteSpec } from '../route-spec';

export const cameraParamsSchema = z.strictObject({ camera: cameraParam });

export const latestQuerySchema = z.strictObject({
  height: queryInt(16, 4320, 'Output height in pixels (default: the detect size)').optional(),
  quality: queryInt(1, 100, 'JPEG quality (default 70)').optional(),
  bbox: queryBool.optional().describe('Draw boxes and labels of the objects tracked now (default 0)'),
});

export const camerasRoute = {
  method: 'get',
  path: '/cameras',
  tag: 'cameras',
  summary: 'Cameras with state, resolution and zones',
  responses: { 200: { description: 'Cameras', schema: z.array(cameraInfoSchema) }, ...errors(401) },
} satisfies RouteSpec;

export const latestRoute = {
  method: 'get',
  path: '/:camera/latest.jpg',
  tag: 'cameras',
  summary: 'The latest frame of a camera as JPEG',
  params: cameraParamsSchema,
  query: latestQuerySchema,
  responses: { 200: { description: 'JPEG (X-Frame-Time: epoch seconds of the frame)', contentType: 'image/jpeg' }, ...errors(400, 401, 404, 503) },
} satisfies RouteSpec;

export const CAMERA_ROUTES: RouteSpec[] = [camerasRoute, latestRoute];

export function cameraFor(deps: Pick<ApiDeps, 'cameras'>, name: unknown): CameraView {
  const cam = typeof name === 'string' ? deps.cameras.get(name) : undefined;
  if (!cam) throw new AppError('not_found', `unknown camera: ${String(name).slice(0, 64)}`);
  return cam;
}

/** The overlay of tracked objects: box, label and score of each. */
export function objectsOverlay(width: number, height: number, objects: readonly TrackedObject[]): string {
  return overlaySvg(width, height, { boxes: objects.map((o) => ({ box: o.box, label: o.label, score: o.score })) });
}

export function cameraRoutes(deps: ApiDeps): Router {
  const r = Router();
  const jpegs = new FrameJpegCache();
  mount(r, camerasRoute, () => deps.cameras.list());
  mount(r, latestRoute, async ({ params, query, res }) => {
    const cam = cameraFor(deps, params.camera);
    const frame = await cam.latestFrame();
    if (!frame) throw new AppError('unavailable', `camera ${cam.info().name} has no frame yet (${cam.info().state})`);
    const { width, height } = frame.pixels;
    const overlay = query.bbox ? objectsOverlay(width, height, cam.trackedObjects()) : undefined;
    const jpeg = await jpegs.jpeg(frame.pixels, { height: query.height, quality: query.quality ?? 70, overlaySvg: overlay });
    res.set('Content-Type', 'image/jpeg');
    res.set('Cache-Control', 'no-store');
    res.set('X-Frame-Time', String(frame.time / 1000));
    res.send(jpeg);
  });
  return r;
}

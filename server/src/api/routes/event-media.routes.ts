// An event's media: the best snapshot (as stored, or with box/label, cropped, resized), the small
// thumbnail, and the clip (HTTP Range). Files are found only through the event's database row.
import { Router } from 'express';
import sharp from 'sharp';
import { z } from 'zod';
import type { StoredEvent } from '../../events/ports';
import { annotatedSnapshot } from '../../events/snapshot';
import { AppError } from '../../lib/errors';
import { resolveMediaPath } from '../../lib/media-paths';
import type { ApiDeps } from '../deps';
import { snapshotBox } from '../event-json';
import { sendMediaFile } from '../media-file';
import { queryBool, queryInt } from '../query-fields';
import { errors } from '../response-schemas';
import { mount, type RouteSpec } from '../route-spec';
import { eventIdParamsSchema, eventOr404 } from './events.routes';

export const snapshotQuerySchema = z.strictObject({
  bbox: queryBool.optional().describe('Draw the object box and label (default 0)'),
  crop: queryBool.optional().describe('Crop around the object (default 0)'),
  height: queryInt(16, 4320, 'Output height in pixels (default: as stored)').optional(),
  quality: queryInt(1, 100, 'JPEG quality (default 70 when re-encoding)').optional(),
});

export const snapshotRoute = {
  method: 'get',
  path: '/events/:id/snapshot.jpg',
  tag: 'events',
  summary: 'The best snapshot of an event',
  description: 'Without options the stored JPEG is sent as is; bbox, crop, height or quality re-encode it.',
  params: eventIdParamsSchema,
  query: snapshotQuerySchema,
  responses: { 200: { description: 'JPEG', contentType: 'image/jpeg' }, ...errors(400, 401, 404) },
} satisfies RouteSpec;

export const thumbnailRoute = {
  method: 'get',
  path: '/events/:id/thumbnail.jpg',
  tag: 'events',
  summary: 'The small thumbnail around the object',
  params: eventIdParamsSchema,
  responses: { 200: { description: 'JPEG', contentType: 'image/jpeg' }, ...errors(400, 401, 404) },
} satisfies RouteSpec;

export const clipRoute = {
  method: 'get',
  path: '/events/:id/clip.mp4',
  tag: 'events',
  summary: 'The event clip (pre and post capture included); supports Range requests',
  params: eventIdParamsSchema,
  responses: {
    200: { description: 'MP4 (H.264)', contentType: 'video/mp4' },
    206: { description: 'The requested byte range', contentType: 'video/mp4' },
    ...errors(400, 401, 404, 416),
  },
} satisfies RouteSpec;

export const EVENT_MEDIA_ROUTES: RouteSpec[] = [snapshotRoute, thumbnailRoute, clipRoute];

function snapshotFile(deps: ApiDeps, e: StoredEvent): string {
  if (!e.has_snapshot || !e.snapshot_path) throw new AppError('not_found', `event ${e.id} has no snapshot`);
  return resolveMediaPath(deps.dataDir, e.snapshot_path);
}

async function decodeJpeg(file: string): Promise<{ data: Uint8Array; width: number; height: number }> {
  try {
    const { data, info } = await sharp(file).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT' || /missing|does not exist/i.test(String(e))) throw new AppError('not_found', 'the snapshot file is missing');
    throw e;
  }
}

export function eventMediaRoutes(deps: ApiDeps): Router {
  const r = Router();
  mount(r, snapshotRoute, async ({ params, query, res }) => {
    const e = eventOr404(deps, params.id);
    const file = snapshotFile(deps, e);
    const plain = !query.bbox && !query.crop && query.height === undefined && query.quality === undefined;
    if (plain) return sendMediaFile(res, file, { contentType: 'image/jpeg' });
    const frame = await decodeJpeg(file);
    const { box, score } = snapshotBox(e);
    const jpeg = await annotatedSnapshot(frame, { box, label: e.label, score, bbox: query.bbox ?? false, crop: query.crop ?? false, height: query.height, quality: query.quality ?? 70 });
    res.set('Content-Type', 'image/jpeg');
    res.set('Cache-Control', 'private, no-cache');
    res.send(jpeg);
  });
  mount(r, thumbnailRoute, ({ params, res }) => {
    eventOr404(deps, params.id);
    const thumb = deps.events.getThumbnail(params.id);
    if (!thumb || thumb.length === 0) throw new AppError('not_found', `event ${params.id} has no thumbnail`);
    res.set('Content-Type', 'image/jpeg');
    res.set('Cache-Control', 'private, no-cache');
    res.send(thumb);
  });
  mount(r, clipRoute, async ({ params, res }) => {
    const e = eventOr404(deps, params.id);
    if (!e.has_clip || !e.clip_path) {
      throw new AppError('not_found', e.end_time === null ? `event ${e.id} is in progress: its clip is made when it ends` : `event ${e.id} has no clip`);
    }
    await sendMediaFile(res, resolveMediaPath(deps.dataDir, e.clip_path), { contentType: 'video/mp4' });
  });
  return r;
}

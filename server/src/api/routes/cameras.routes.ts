// Read-only camera endpoints: the camera list and the latest frame as JPEG.
import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { encodeJpeg } from '../../lib/jpeg';
import type { ApiDeps, CameraView } from '../deps';
import { parseWith } from '../validate';

export const latestQuerySchema = z.strictObject({
  height: z.coerce.number().int().min(16).max(4320).optional().describe('Output height in pixels'),
  quality: z.coerce.number().int().min(1).max(100).default(70).describe('JPEG quality'),
});

export function cameraFor(deps: ApiDeps, name: unknown): CameraView {
  const cam = typeof name === 'string' ? deps.cameras.get(name) : undefined;
  if (!cam) throw new AppError('not_found', `unknown camera: ${String(name).slice(0, 64)}`);
  return cam;
}

export function cameraRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.get('/cameras', (_req, res) => {
    res.json(deps.cameras.list());
  });
  r.get('/:camera/latest.jpg', async (req, res) => {
    const cam = cameraFor(deps, req.params.camera);
    const q = parseWith(latestQuerySchema, req.query, 'query');
    const frame = await cam.latestFrame();
    if (!frame) throw new AppError('unavailable', `camera ${cam.info().name} has no frame yet (${cam.info().state})`);
    const jpeg = await encodeJpeg(frame.pixels, { height: q.height, quality: q.quality });
    res.set('Content-Type', 'image/jpeg');
    res.set('Cache-Control', 'no-store');
    res.set('X-Frame-Time', String(frame.time / 1000));
    res.send(jpeg);
  });
  return r;
}

// `GET /api/:camera`: an MJPEG stream (multipart/x-mixed-replace) for <img> tags and NVR tools.
// Frames come from the shared live feed (the camera sends pixels only while someone watches); a
// client that reads slower than the stream gets frames dropped, never an unbounded buffer.
import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../lib/errors';
import type { ApiDeps } from '../deps';
import { queryBool, queryInt, queryNumber } from '../query-fields';
import { errors } from '../response-schemas';
import { mount, type RouteSpec } from '../route-spec';
import { cameraParamsSchema } from './cameras.routes';

export const MJPEG_BOUNDARY = 'vigilframe';
/** Bytes the socket may hold unsent before frames are skipped for this client. */
export const MJPEG_MAX_BUFFERED = 1024 * 1024;

export const mjpegQuerySchema = z.strictObject({
  fps: queryNumber(0.2, 10, 'Frames per second (default 3)').optional(),
  height: queryInt(16, 2160, 'Frame height in pixels (default 360; never above the detect size)').optional(),
  bbox: queryBool.optional().describe('Draw boxes and labels of tracked objects (default 0)'),
});

export const mjpegRoute = {
  method: 'get',
  path: '/:camera',
  tag: 'cameras',
  summary: 'Live MJPEG stream of a camera',
  params: cameraParamsSchema,
  query: mjpegQuerySchema,
  responses: { 200: { description: `multipart/x-mixed-replace; boundary=${MJPEG_BOUNDARY}`, contentType: 'multipart/x-mixed-replace' }, ...errors(400, 401, 404) },
} satisfies RouteSpec;

export const MJPEG_ROUTES: RouteSpec[] = [mjpegRoute];

/** The bytes before one JPEG in the multipart stream. */
export function mjpegPartHeader(length: number, boundary = MJPEG_BOUNDARY): Buffer {
  return Buffer.from(`--${boundary}\r\nContent-Type: image/jpeg\r\nContent-Length: ${length}\r\n\r\n`, 'ascii');
}

export function mjpegRoutes(deps: ApiDeps): Router {
  const r = Router();
  mount(r, mjpegRoute, ({ params, query, req, res }) => {
    if (req.method === 'HEAD') {
      // A stream has no end to report: answer the headers only (after checking the camera).
      if (!deps.cameras.get(params.camera)) throw new AppError('not_found', `unknown camera: ${params.camera}`);
      res.status(200).set({ 'Content-Type': `multipart/x-mixed-replace; boundary=${MJPEG_BOUNDARY}`, 'Cache-Control': 'no-store' }).end();
      return;
    }
    const fps = query.fps ?? 3;
    const height = query.height ?? 360;
    const bbox = query.bbox ?? false;
    let busy = false;
    let closed = false;
    // Throws not_found before any header is written when the camera is unknown.
    const watch = deps.live.watch(params.camera, fps, (frame) => {
      if (closed || busy || res.writableLength > MJPEG_MAX_BUFFERED) return;
      busy = true;
      frame
        .jpeg({ height, bbox })
        .then((jpeg) => {
          if (closed) return;
          res.write(mjpegPartHeader(jpeg.length));
          res.write(jpeg);
          res.write('\r\n');
        })
        .catch((e: unknown) => deps.log.warn({ err: e, camera: params.camera }, 'mjpeg frame failed'))
        .finally(() => {
          busy = false;
        });
    });
    const stop = () => {
      if (closed) return;
      closed = true;
      watch.close();
    };
    // The response closes when the client goes away (the request's own 'close' fires once it is read).
    res.on('close', stop);
    res.on('error', stop);
    res.status(200);
    res.set({
      'Content-Type': `multipart/x-mixed-replace; boundary=${MJPEG_BOUNDARY}`,
      'Cache-Control': 'no-store',
      Connection: 'close',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
  });
  return r;
}

// Manual events (Frigate's create/end): an integration marks "something happened on this camera"
// and gets an event with a snapshot and, once ended, a clip. Both go through the event service.
import { type RequestHandler, Router } from 'express';
import { z } from 'zod';
import { AppError, isAppError } from '../../lib/errors';
import type { ApiDeps } from '../deps';
import { LABEL, cameraParam } from '../query-fields';
import { createEventResponseSchema, errors, successSchema, type SuccessResponse } from '../response-schemas';
import { mount, type RouteSpec } from '../route-spec';
import type { CreateEventResponse } from '../../contracts/api-types';
import { eventIdParamsSchema } from './events.routes';

/** The longest a manual event may run by itself (a day); null means until it is ended. */
export const MAX_MANUAL_DURATION_S = 86_400;

export const createEventParamsSchema = z.strictObject({
  camera: cameraParam,
  label: z.string().regex(LABEL, 'labels use letters, digits, space, _ and - (at most 64)').describe('Label of the event, e.g. "doorbell"'),
});

export const createEventBodySchema = z
  .strictObject({
    duration: z
      .number()
      .positive()
      .max(MAX_MANUAL_DURATION_S)
      .nullable()
      .default(30)
      .describe('Seconds until the event ends by itself; null = until PUT /api/events/{id}/end. @default 30'),
    score: z.number().min(0).max(1).default(1).describe('Score shown for the event. @default 1'),
    sub_label: z.string().trim().min(1).max(100).nullable().default(null).describe('Optional sub label'),
  })
  .describe('POST /api/events/{camera}/{label}/create body');

export const createEventRoute = {
  method: 'post',
  path: '/events/:camera/:label/create',
  tag: 'events',
  summary: 'Create a manual event on a camera',
  admin: true,
  params: createEventParamsSchema,
  body: createEventBodySchema,
  responses: { 200: { description: 'Created', schema: createEventResponseSchema }, ...errors(400, 401, 403, 404, 503) },
} satisfies RouteSpec;

export const endEventRoute = {
  method: 'put',
  path: '/events/:id/end',
  tag: 'events',
  summary: 'End an event in progress now (manual events; also ends a tracked event early)',
  admin: true,
  params: eventIdParamsSchema,
  responses: { 200: { description: 'Ended', schema: successSchema }, ...errors(400, 401, 403, 404, 409) },
} satisfies RouteSpec;

export const MANUAL_EVENT_ROUTES: RouteSpec[] = [createEventRoute, endEventRoute];

export function manualEventRoutes(deps: ApiDeps, requireAdmin: RequestHandler): Router {
  const r = Router();
  mount(
    r,
    createEventRoute,
    async ({ params, body }): Promise<CreateEventResponse> => {
      if (!deps.cameras.get(params.camera)) throw new AppError('not_found', `unknown camera: ${params.camera}`);
      let id: string;
      try {
        id = await deps.manual.createManual(params.camera, params.label, { duration: body.duration, score: body.score, subLabel: body.sub_label });
      } catch (e) {
        // The event service learns a camera's frame size from its first frame.
        if (isAppError(e) && e.code === 'not_found') throw new AppError('unavailable', `camera ${params.camera} has not delivered a frame yet`);
        throw e;
      }
      return { success: true, message: `event ${id} created`, event_id: id };
    },
    requireAdmin,
  );
  mount(
    r,
    endEventRoute,
    async ({ params }): Promise<SuccessResponse> => {
      await deps.manual.endManual(params.id);
      return { success: true, message: `event ${params.id} ended` };
    },
    requireAdmin,
  );
  return r;
}

// Stored events: list (Frigate filters), one event, delete (with its media folder), retain.
// Deleting an event in progress is refused (409): the event service still writes to it.
import fs from 'node:fs/promises';
import path from 'node:path';
import { type RequestHandler, Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../lib/errors';
import type { StoredEvent } from '../../events/ports';
import { eventMediaPath, parseEventMediaPath, resolveMediaPath } from '../../lib/media-paths';
import type { ApiDeps } from '../deps';
import { toEventRecord } from '../event-json';
import { eventListQuerySchema, toEventQuery } from '../event-list-query';
import { errors, eventListSchema, eventRecordSchema, successSchema, type SuccessResponse } from '../response-schemas';
import { mount, type RouteSpec } from '../route-spec';
import { eventIdParam } from '../query-fields';

export const eventIdParamsSchema = z.strictObject({ id: eventIdParam });

export const listEventsRoute = {
  method: 'get',
  path: '/events',
  tag: 'events',
  summary: 'List events, newest first (Frigate filters)',
  query: eventListQuerySchema,
  responses: { 200: { description: 'Matching events', schema: eventListSchema }, ...errors(400, 401) },
} satisfies RouteSpec;

export const getEventRoute = {
  method: 'get',
  path: '/events/:id',
  tag: 'events',
  summary: 'One event',
  params: eventIdParamsSchema,
  responses: { 200: { description: 'The event', schema: eventRecordSchema }, ...errors(400, 401, 404) },
} satisfies RouteSpec;

export const deleteEventRoute = {
  method: 'delete',
  path: '/events/:id',
  tag: 'events',
  summary: 'Delete an ended event with its snapshot and clip',
  description: 'Refused with 409 while the event is in progress: end it first (PUT /api/events/{id}/end).',
  admin: true,
  params: eventIdParamsSchema,
  responses: { 200: { description: 'Deleted', schema: successSchema }, ...errors(400, 401, 403, 404, 409) },
} satisfies RouteSpec;

export const retainEventRoute = {
  method: 'post',
  path: '/events/:id/retain',
  tag: 'events',
  summary: 'Keep an event (and the footage it needs) until un-retained',
  admin: true,
  params: eventIdParamsSchema,
  responses: { 200: { description: 'Retained', schema: successSchema }, ...errors(400, 401, 403, 404) },
} satisfies RouteSpec;

export const unretainEventRoute = {
  ...retainEventRoute,
  method: 'delete',
  summary: 'Let retention delete an event again',
  responses: { 200: { description: 'No longer retained', schema: successSchema }, ...errors(400, 401, 403, 404) },
} satisfies RouteSpec;

export const EVENT_ROUTES: RouteSpec[] = [listEventsRoute, getEventRoute, deleteEventRoute, retainEventRoute, unretainEventRoute];

export function eventOr404(deps: ApiDeps, id: string): StoredEvent {
  const e = deps.events.get(id);
  if (!e) throw new AppError('not_found', `no event ${id}`);
  return e;
}

/** The event's own folder, plus any media path of the row that lies elsewhere under events/. */
function mediaFolders(deps: ApiDeps, e: StoredEvent): string[] {
  const own = path.posix.dirname(eventMediaPath(e.camera, e.id, 'snapshot.jpg'));
  const out = new Set([own]);
  for (const rel of [e.snapshot_path, e.clip_path]) {
    const p = rel ? parseEventMediaPath(rel) : null;
    if (p && p.eventId === e.id) out.add(path.posix.dirname(rel as string));
  }
  return [...out].map((rel) => resolveMediaPath(deps.dataDir, rel));
}

export function eventRoutes(deps: ApiDeps, requireAdmin: RequestHandler): Router {
  const r = Router();
  mount(r, listEventsRoute, ({ query }) => {
    const q = toEventQuery(query);
    return deps.events.list(q).map((e) => toEventRecord(e, { thumbnail: q.include_thumbnails }));
  });
  mount(r, getEventRoute, ({ params }) => toEventRecord(eventOr404(deps, params.id)));
  mount(
    r,
    deleteEventRoute,
    async ({ params }): Promise<SuccessResponse> => {
      const e = eventOr404(deps, params.id);
      if (e.end_time === null) throw new AppError('conflict', `event ${e.id} is in progress: end it first (PUT /api/events/${e.id}/end)`);
      const folders = mediaFolders(deps, e);
      // Row first, files after: a crash in between leaves only orphan files, which startup
      // reconciliation removes; never a row pointing at deleted media.
      if (!deps.events.delete(e.id)) throw new AppError('not_found', `no event ${e.id}`);
      for (const dir of folders) await fs.rm(dir, { recursive: true, force: true });
      return { success: true, message: `event ${e.id} deleted` };
    },
    requireAdmin,
  );
  mount(
    r,
    retainEventRoute,
    ({ params }): SuccessResponse => {
      if (!deps.events.setRetain(params.id, true)) throw new AppError('not_found', `no event ${params.id}`);
      return { success: true, message: `event ${params.id} retained` };
    },
    requireAdmin,
  );
  mount(
    r,
    unretainEventRoute,
    ({ params }): SuccessResponse => {
      if (!deps.events.setRetain(params.id, false)) throw new AppError('not_found', `no event ${params.id}`);
      return { success: true, message: `event ${params.id} no longer retained` };
    },
    requireAdmin,
  );
  return r;
}

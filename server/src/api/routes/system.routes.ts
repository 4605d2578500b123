// Health, version and stats: what a monitor or the dashboard's system page reads.
import { Router } from 'express';
import { z } from 'zod';
import type { VersionResponse } from '../../contracts/api-types';
import type { ApiDeps } from '../deps';
import { errors, statsSchema, versionSchema } from '../response-schemas';
import { mount, type RouteSpec } from '../route-spec';

export const healthRoute = {
  method: 'get',
  path: '/health',
  tag: 'system',
  summary: 'Liveness (no credentials needed)',
  public: true,
  responses: { 200: { description: 'The server answers', schema: z.strictObject({ status: z.literal('ok') }) } },
} satisfies RouteSpec;

export const versionRoute = {
  method: 'get',
  path: '/version',
  tag: 'system',
  summary: 'Vigil and Node.js versions',
  responses: { 200: { description: 'Versions', schema: versionSchema }, ...errors(401) },
} satisfies RouteSpec;

export const statsRoute = {
  method: 'get',
  path: '/stats',
  tag: 'system',
  summary: 'Per-camera rates, detector speed, process and storage figures (Frigate-shaped)',
  responses: { 200: { description: 'Stats', schema: statsSchema }, ...errors(401) },
} satisfies RouteSpec;

export const SYSTEM_ROUTES: RouteSpec[] = [healthRoute, versionRoute, statsRoute];

export function systemRoutes(deps: Pick<ApiDeps, 'version' | 'stats'>): Router {
  const r = Router();
  // Health does no work: used by Docker HEALTHCHECK and load balancers.
  mount(r, healthRoute, () => ({ status: 'ok' }));
  mount(r, versionRoute, (): VersionResponse => ({ version: deps.version, node: process.versions.node }));
  mount(r, statsRoute, () => deps.stats());
  return r;
}

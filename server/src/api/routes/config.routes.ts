// `GET /api/config`: the running configuration, readable by viewers, with every secret redacted.
import { Router } from 'express';
import type { ApiDeps } from '../deps';
import { redactConfig } from '../config-view';
import { configViewSchema, errors } from '../response-schemas';
import { mount, type RouteSpec } from '../route-spec';

export const configRoute = {
  method: 'get',
  path: '/config',
  tag: 'system',
  summary: 'The running configuration (defaults filled in; passwords, tokens, secrets, URL credentials and webhook paths replaced by ***)',
  responses: { 200: { description: 'Configuration', schema: configViewSchema }, ...errors(401) },
} satisfies RouteSpec;

export const CONFIG_ROUTES: RouteSpec[] = [configRoute];

export function configRoutes(deps: Pick<ApiDeps, 'config'>): Router {
  const r = Router();
  mount(r, configRoute, ({ res }) => {
    res.set('Cache-Control', 'no-store');
    return redactConfig(deps.config());
  });
  return r;
}

// `GET /metrics` (and `/api/metrics`): Prometheus text exposition. Needs credentials like every
// other route: a Prometheus scrape job sends an API token (`authorization: {credentials: vgl_…}`).
import { Router } from 'express';
import type { VigilMetrics } from '../metrics/vigil-metrics';
import { errors } from '../response-schemas';
import { mount, type RouteSpec } from '../route-spec';

const responses = {
  200: { description: 'Prometheus text format 0.0.4 (vigil_* series, vigil_node_* process series)', contentType: 'text/plain' },
  ...errors(401),
};

export const metricsRoute = {
  method: 'get',
  path: '/metrics',
  root: true,
  tag: 'system',
  summary: 'Prometheus metrics',
  responses,
} satisfies RouteSpec;

export const apiMetricsRoute = { ...metricsRoute, root: false, summary: 'Prometheus metrics (same as /metrics)' } satisfies RouteSpec;

export const METRICS_ROUTES: RouteSpec[] = [metricsRoute, apiMetricsRoute];

/** Serves the metrics at `spec.path` of the router it is mounted on. */
export function metricsRoutes(metrics: VigilMetrics): Router {
  const r = Router();
  mount(r, apiMetricsRoute, async ({ res }) => {
    const m = await metrics.render();
    res.set('Content-Type', m.contentType);
    res.set('Cache-Control', 'no-store');
    res.send(m.body);
  });
  return r;
}

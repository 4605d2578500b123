// Health, version and stats: what a monitor or the dashboard's system page reads.
import { Router } from 'express';
import type { ApiDeps } from '../deps';

export function systemRoutes(deps: ApiDeps): Router {
  const r = Router();
  // Health needs no auth and does no work: used by Docker HEALTHCHECK and load balancers.
  r.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/version', (_req, res) => {
    res.json({ version: deps.version, node: process.versions.node });
  });
  r.get('/stats', (_req, res) => {
    res.json(deps.stats());
  });
  return r;
}

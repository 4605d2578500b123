// The express app: security headers, auth, the JSON API under /api with one error handler,
// Prometheus metrics and the dashboard. createApp has no globals, so tests build it with fakes or
// with a real box. Route order matters: fixed paths first, `/:camera/...` last.
import express, { Router, type Express } from 'express';
import type { Auth } from './auth/create-auth';
import { dashboardRoutes } from './dashboard';
import type { ApiDeps } from './deps';
import { errorHandler, notFoundHandler } from './error-handler';
import type { VigilMetrics } from './metrics/vigil-metrics';
import { cameraRoutes } from './routes/cameras.routes';
import { configRoutes } from './routes/config.routes';
import { docsRoutes } from './routes/docs.routes';
import { eventMediaRoutes } from './routes/event-media.routes';
import { eventRoutes } from './routes/events.routes';
import { manualEventRoutes } from './routes/manual-events.routes';
import { metricsRoutes } from './routes/metrics.routes';
import { mjpegRoutes } from './routes/mjpeg.routes';
import { recordingRoutes } from './routes/recordings.routes';
import { systemRoutes } from './routes/system.routes';
import { webhookRoutes, type WebhookAdmin } from './routes/webhooks.routes';

export interface AppExtras {
  auth: Auth;
  webhooks?: WebhookAdmin;
  /** Served at /metrics and /api/metrics when given. */
  metrics?: VigilMetrics;
  /** The built dashboard (web/dist); not served when omitted. */
  webDir?: string;
}

export function createApp(deps: ApiDeps, extras: AppExtras): Express {
  const { auth } = extras;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', auth.trustProxy);
  app.use(auth.securityHeaders);

  if (extras.metrics) {
    const root = Router();
    root.use('/metrics', auth.requireAuth);
    root.use(metricsRoutes(extras.metrics));
    app.use(root);
  }

  const api = express.Router();
  api.use(express.json({ limit: '256kb', strict: true }));
  api.use(auth.requireAuth, auth.csrf, auth.router);
  api.use(systemRoutes(deps));
  api.use(configRoutes(deps));
  api.use(docsRoutes(deps.version));
  if (extras.metrics) api.use(metricsRoutes(extras.metrics));
  if (extras.webhooks) {
    api.use('/webhooks', auth.requireAdmin);
    api.use(webhookRoutes(extras.webhooks));
  }
  api.use(eventRoutes(deps, auth.requireAdmin));
  api.use(eventMediaRoutes(deps));
  api.use(manualEventRoutes(deps, auth.requireAdmin));
  // Camera routes match `/:camera/...`: they come after every fixed path, the bare `/:camera`
  // (MJPEG) last of all.
  api.use(cameraRoutes(deps));
  api.use(recordingRoutes(deps));
  api.use(mjpegRoutes(deps));
  api.use(notFoundHandler());
  app.use('/api', api);

  if (extras.webDir) app.use(dashboardRoutes(extras.webDir));
  app.use(notFoundHandler());
  app.use(errorHandler(deps.log));
  return app;
}

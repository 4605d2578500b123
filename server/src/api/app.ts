// The express app: security headers, auth, the JSON API under /api with one error handler, and
// the dashboard. createApp has no globals, so tests build it with fakes or with a real box.
import express, { type Express } from 'express';
import type { Auth } from './auth/create-auth';
import type { ApiDeps } from './deps';
import { errorHandler, notFoundHandler } from './error-handler';
import { cameraRoutes } from './routes/cameras.routes';
import { systemRoutes } from './routes/system.routes';
import { webhookRoutes, type WebhookAdmin } from './routes/webhooks.routes';

export interface AppExtras {
  auth: Auth;
  webhooks?: WebhookAdmin;
}

export function createApp(deps: ApiDeps, extras: AppExtras): Express {
  const { auth } = extras;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', auth.trustProxy);
  app.use(auth.securityHeaders);
  const api = express.Router();
  api.use(express.json({ limit: '256kb', strict: true }));
  api.use(auth.requireAuth, auth.csrf, auth.router);
  api.use(systemRoutes(deps));
  if (extras.webhooks) {
    api.use('/webhooks', auth.requireAdmin);
    api.use(webhookRoutes(extras.webhooks));
  }
  // Camera routes match `/:camera/...`: they come after every fixed path.
  api.use(cameraRoutes(deps));
  api.use(notFoundHandler());
  app.use('/api', api);
  app.use(errorHandler(deps.log));
  return app;
}

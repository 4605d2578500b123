// The express app: JSON API under /api with one error handler. createApp has no globals, so
// tests build it with fakes or with a real box.
import express, { type Express } from 'express';
import type { ApiDeps } from './deps';
import { errorHandler, notFoundHandler } from './error-handler';
import { cameraRoutes } from './routes/cameras.routes';
import { systemRoutes } from './routes/system.routes';

export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const api = express.Router();
  api.use(express.json({ limit: '256kb', strict: true }));
  api.use(systemRoutes(deps));
  // Camera routes match `/:camera/...`: they come after every fixed path.
  api.use(cameraRoutes(deps));
  api.use(notFoundHandler());
  app.use('/api', api);
  app.use(errorHandler(deps.log));
  return app;
}

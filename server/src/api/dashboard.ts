// Serves the dashboard (web/dist) as static files: content-hashed assets are cached for a year,
// everything else (index.html, unhashed bundles) is revalidated on every load; every other GET
// (not /api, not a missing asset file) gets index.html so client-side routes survive a reload
// (event ids contain dots, so "has an extension" cannot tell a route from a file).
import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { AppError } from '../lib/errors';

/** esbuild-style content hashes: `name-3KXJ2ABC.js` (8 upper-case base32 characters with a digit). */
const HASHED = /[.-](?=[A-Z0-9]*[0-9])[A-Z0-9]{8}\.[a-z0-9]+$/;

/** A missing file of these types is a 404, not the app. */
const ASSET = /\.(js|mjs|css|map|json|png|jpe?g|gif|svg|ico|webp|woff2?|ttf|txt|webmanifest|html?)$/i;

/** Paths the dashboard never answers: the API, the live socket, metrics. */
function reserved(p: string): boolean {
  return p === '/api' || p.startsWith('/api/') || p === '/ws' || p === '/metrics';
}

export function cacheControlFor(fileName: string): string {
  return HASHED.test(fileName) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

export function dashboardRoutes(webDir: string): Router {
  const r = Router();
  const index = path.join(webDir, 'index.html');
  r.use((req, res, next) => {
    if (reserved(req.path)) return next('router');
    next();
  });
  r.use(
    express.static(webDir, {
      index: false,
      redirect: false,
      dotfiles: 'ignore',
      setHeaders: (res, file) => res.setHeader('Cache-Control', cacheControlFor(path.basename(file))),
    }),
  );
  r.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || ASSET.test(req.path)) return next();
    if (!fs.existsSync(index)) return next(new AppError('not_found', 'the dashboard is not built: run `npm run build`'));
    res.set('Cache-Control', 'no-cache');
    res.sendFile(index, (err?: unknown) => {
      if (err && !res.headersSent) next(err);
    });
  });
  return r;
}

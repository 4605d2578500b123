// Sends a media file (snapshot, clip) with HTTP Range support through express's sendFile, and
// turns its failures into AppErrors. Callers pass only paths built by resolveMediaPath from
// database rows (or the clip exporter's own output), never anything taken from the URL.
import type { Response } from 'express';
import { AppError } from '../lib/errors';

interface SendError {
  status?: number;
  statusCode?: number;
  code?: string;
  headers?: Record<string, string>;
}

export interface SendMediaOptions {
  /** Overrides the type guessed from the extension. */
  contentType?: string;
  /** Suggested download name (Content-Disposition: attachment). */
  downloadName?: string;
}

export function sendMediaFile(res: Response, absPath: string, opts: SendMediaOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'Cache-Control': 'private, no-cache' };
    if (opts.contentType) headers['Content-Type'] = opts.contentType;
    if (opts.downloadName) headers['Content-Disposition'] = `attachment; filename="${opts.downloadName.replace(/[^A-Za-z0-9._-]/g, '_')}"`;
    res.sendFile(absPath, { dotfiles: 'allow', acceptRanges: true, lastModified: true, etag: true, headers }, (err?: unknown) => {
      if (!err) return resolve();
      const e = err as SendError;
      // The client went away mid-transfer: nothing left to answer.
      if (res.headersSent || e.code === 'ECONNABORTED' || e.code === 'ECONNRESET') return resolve();
      const status = e.status ?? e.statusCode ?? 500;
      if (status === 416) {
        const range = e.headers?.['Content-Range'];
        if (range) res.set('Content-Range', range);
        return reject(new AppError('range_not_satisfiable', 'requested range not satisfiable'));
      }
      if (status === 404 || e.code === 'ENOENT' || e.code === 'ENOTDIR') return reject(new AppError('not_found', 'the media file is missing'));
      if (status === 412) {
        res.status(412).end();
        return resolve();
      }
      reject(err instanceof Error ? err : new AppError('internal', 'sending the file failed'));
    });
  });
}

// Turns every error into `{error: {code, message}}` with the right status; never a stack trace.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, isAppError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { redactUrls } from '../lib/redact';

export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => next(new AppError('not_found', `no route for ${req.method} ${req.path.slice(0, 200)}`));
}

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let status = 500;
    let code = 'internal';
    let message = 'internal error';
    if (isAppError(err)) {
      status = err.status;
      code = err.code;
      message = redactUrls(err.message);
    } else if (err && typeof err === 'object' && typeof (err as BodyParserError).type === 'string') {
      // body-parser / express errors: malformed JSON, too large, bad charset, ...
      const e = err as BodyParserError;
      status = e.status ?? e.statusCode ?? 400;
      code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported' : 'bad_request';
      message = e.type === 'entity.parse.failed' ? 'malformed JSON body' : e.type === 'entity.too.large' ? 'request body too large' : `bad request (${e.type})`;
    } else if (err && typeof err === 'object' && ((err as BodyParserError).status ?? 500) < 500) {
      const e = err as BodyParserError & { message?: string };
      status = e.status ?? 400;
      code = status === 404 ? 'not_found' : 'bad_request';
      message = e.expose && e.message ? redactUrls(e.message) : 'bad request';
    }
    // Expected conditions (AppError) are not failures of the server; anything else is.
    if (status >= 500 && !isAppError(err)) {
      try {
        log.error({ err, method: req.method, path: req.path.slice(0, 200) }, 'request failed');
      } catch {
        // Logging must never turn an error response into an HTML stack trace.
      }
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // A handler may have set another type (a file about to be sent): errors are always JSON.
    res.removeHeader('Content-Disposition');
    res.status(status).type('application/json').json({ error: { code, message } });
  };
}

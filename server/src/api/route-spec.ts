// One description per route: method, path, schemas of params/query/body and responses. The same
// object mounts the express handler (which parses with those schemas) and feeds the OpenAPI
// document, so the docs cannot drift from what the routes accept.
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import { parseWith } from './validate';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

export interface ResponseSpec {
  description: string;
  /** `application/json` (the default), `image/jpeg`, `video/mp4`, ... */
  contentType?: string;
  /** Body schema (JSON responses). */
  schema?: z.ZodType;
}

export interface RouteSpec {
  method: HttpMethod;
  /** Express path; under `/api` unless `root` is set. */
  path: string;
  /** True for routes mounted at the server root (`/metrics`). */
  root?: boolean;
  summary: string;
  description?: string;
  tag: string;
  /** Admin-only (mounted behind auth.requireAdmin). */
  admin?: boolean;
  /** Reachable without credentials. */
  public?: boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  responses: Record<number, ResponseSpec>;
}

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteInput<S extends RouteSpec> {
  params: Out<S['params']>;
  query: Out<S['query']>;
  body: Out<S['body']>;
  req: Request;
  res: Response;
}

/** What a handler returns: a value sent as JSON, or undefined when it answered itself. */
export type RouteHandler<S extends RouteSpec> = (input: RouteInput<S>) => unknown;

/**
 * Registers `handler` for `spec` on `router`: parses params, query and body (400 JSON on bad
 * input), then sends the returned value as JSON. Admin routes must be given the admin guard.
 */
export function mount<S extends RouteSpec>(router: Router, spec: S, handler: RouteHandler<S>, requireAdmin?: RequestHandler): void {
  if (spec.admin && !requireAdmin) throw new Error(`route ${spec.method.toUpperCase()} ${spec.path} is admin-only but has no admin guard`);
  const run: RequestHandler = async (req, res) => {
    const input = {
      params: spec.params ? parseWith(spec.params, req.params, 'path') : undefined,
      query: spec.query ? parseWith(spec.query, req.query ?? {}, 'query') : undefined,
      body: spec.body ? parseWith(spec.body, req.body ?? {}, 'body') : undefined,
      req,
      res,
    } as RouteInput<S>;
    const out = await handler(input);
    if (out !== undefined && !res.headersSent) res.json(out);
  };
  const chain = spec.admin && requireAdmin ? [requireAdmin, run] : [run];
  router[spec.method](spec.path, ...chain);
}

// `GET /api/openapi.json`: the OpenAPI 3.1 document, built once from the route registry.
import { Router } from 'express';
import { buildOpenApi, type OpenApiDocument } from '../openapi/openapi-document';
import { ALL_ROUTES, openApiRoute } from '../openapi/route-registry';
import { mount } from '../route-spec';

export function docsRoutes(version: string): Router {
  const r = Router();
  let doc: OpenApiDocument | null = null;
  mount(r, openApiRoute, () => (doc ??= buildOpenApi(ALL_ROUTES, version)));
  return r;
}

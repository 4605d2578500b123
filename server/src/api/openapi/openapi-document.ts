// Builds the OpenAPI 3.1 document from route specs: zod schemas become JSON Schema (draft 2020-12,
// which 3.1 uses as is); named schemas (`.meta({id})`) become shared components. Pure.
import { z } from 'zod';
import type { RouteSpec } from '../route-spec';

type Json = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
  security: Record<string, string[]>[];
}

const TAGS: Record<string, string> = {
  system: 'Health, version, stats, configuration, metrics and this document',
  cameras: 'Cameras, latest frames and MJPEG streams',
  events: 'Tracked-object and manual events with their snapshots and clips',
  recordings: 'Recorded segments, gaps and exports',
  auth: 'Login, sessions, users and API tokens',
  webhooks: 'Webhook test deliveries and the delivery log',
};

const SECURITY: Record<string, string[]>[] = [{ bearerAuth: [] }, { cookieAuth: [] }];

/** Moves `$defs` into the shared components and points every `$ref` there. */
function hoist(node: unknown, components: Record<string, Json>): unknown {
  if (Array.isArray(node)) return node.map((n) => hoist(n, components));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === '$schema') continue;
    if (k === '$defs') {
      for (const [name, def] of Object.entries(v as Json)) {
        if (!(name in components)) components[name] = hoist(def, components) as Json;
      }
      continue;
    }
    out[k] = k === '$ref' && typeof v === 'string' ? v.replace('#/$defs/', '#/components/schemas/') : hoist(v, components);
  }
  return out;
}

export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output', components: Record<string, Json>): Json {
  return hoist(z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }), components) as Json;
}

/** `/events/:id` → `/api/events/{id}`. */
export function openApiPath(spec: Pick<RouteSpec, 'path' | 'root'>): string {
  return `${spec.root ? '' : '/api'}${spec.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}')}`;
}

function operationId(spec: RouteSpec): string {
  const words = openApiPath(spec).split(/[^A-Za-z0-9]+/).filter(Boolean);
  return [spec.method, ...words].map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query', components: Record<string, Json>): Json[] {
  if (!schema) return [];
  const js = jsonSchemaOf(schema, 'input', components);
  const props = (js.properties ?? {}) as Record<string, Json>;
  const required = new Set((js.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => {
    const { description, ...rest } = s;
    return { name, in: where, required: where === 'path' || required.has(name), ...(description ? { description } : {}), schema: rest };
  });
}

function operation(spec: RouteSpec, components: Record<string, Json>): Json {
  const op: Json = {
    operationId: operationId(spec),
    summary: spec.summary,
    tags: [spec.tag],
  };
  const notes = [spec.description, spec.admin ? 'Admin role required.' : undefined].filter(Boolean);
  if (notes.length > 0) op.description = notes.join(' ');
  if (spec.admin) op['x-vigil-role'] = 'admin';
  const params = [...parameters(spec.params, 'path', components), ...parameters(spec.query, 'query', components)];
  if (params.length > 0) op.parameters = params;
  if (spec.body) {
    const schema = jsonSchemaOf(spec.body, 'input', components);
    op.requestBody = { required: Array.isArray(schema.required) && schema.required.length > 0, content: { 'application/json': { schema } } };
  }
  const responses: Json = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    const type = r.contentType ?? 'application/json';
    const schema = r.schema ? jsonSchemaOf(r.schema, 'output', components) : type === 'application/json' ? {} : { type: 'string', format: 'binary' };
    responses[status] = { description: r.description, content: { [type]: { schema } } };
  }
  op.responses = responses;
  op.security = spec.public ? [] : SECURITY;
  return op;
}

export function buildOpenApi(routes: readonly RouteSpec[], version: string): OpenApiDocument {
  const components: Record<string, Json> = {};
  const paths: Record<string, Record<string, Json>> = {};
  for (const spec of routes) {
    const p = openApiPath(spec);
    const item = (paths[p] ??= {});
    if (item[spec.method]) throw new Error(`two route specs for ${spec.method.toUpperCase()} ${p}`);
    item[spec.method] = operation(spec, components);
  }
  const used = new Set(routes.map((r) => r.tag));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vigil',
      version,
      description: 'REST API of a Vigil box. Errors are {"error": {"code", "message"}}. Live updates: WebSocket /ws ({topic, payload} JSON; binary live frames).',
    },
    servers: [{ url: '/' }],
    tags: Object.entries(TAGS).filter(([t]) => used.has(t)).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'API token (vgl_…) from POST /api/tokens or `vigil token create`' },
        cookieAuth: { type: 'apiKey', in: 'cookie', name: 'vigil_session', description: 'Session from POST /api/login; state changes also need X-CSRF-Token' },
      },
    },
    security: SECURITY,
  };
}

// The OpenAPI builder over literal route specs, and over the real registry: paths, parameters,
// bodies, shared components, security.
import { z } from 'zod';
import { buildOpenApi, openApiPath } from '../../../server/src/api/openapi/openapi-document';
import { ALL_ROUTES } from '../../../server/src/api/openapi/route-registry';
import type { RouteSpec } from '../../../server/src/api/route-spec';

const thing = z.strictObject({ id: z.string(), size: z.number().describe('Bytes') }).meta({ id: 'Thing' });

const specs: RouteSpec[] = [
  {
    method: 'get', path: '/things/:id', tag: 'events', summary: 'One thing',
    params: z.strictObject({ id: z.string().regex(/^\d+$/).describe('Thing id') }),
    query: z.strictObject({ full: z.enum(['0', '1']).optional(), n: z.string().transform(Number) }),
    responses: { 200: { description: 'The thing', schema: thing }, 404: { description: 'No thing', schema: z.array(thing) } },
  },
  {
    method: 'post', path: '/things', tag: 'events', summary: 'Make a thing', admin: true,
    body: z.strictObject({ size: z.number().min(1).default(5) }),
    responses: { 200: { description: 'Picture', contentType: 'image/jpeg' } },
  },
  { method: 'get', path: '/ping', root: true, tag: 'system', summary: 'Ping', public: true, responses: { 200: { description: 'pong' } } },
];

describe('buildOpenApi', () => {
  const doc = buildOpenApi(specs, '1.2.3');

  it('turns express paths into OpenAPI paths', () => {
    expect(Object.keys(doc.paths)).toEqual(['/api/things/{id}', '/api/things', '/ping']);
    expect(openApiPath({ path: '/:camera/start/:start/end/:end/clip.mp4' })).toBe('/api/{camera}/start/{start}/end/{end}/clip.mp4');
  });

  it('documents path and query parameters from the input side of their schemas', () => {
    const op = doc.paths['/api/things/{id}']!.get as { operationId: string; parameters: unknown[] };
    expect(op.operationId).toBe('getApiThingsId');
    expect(op.parameters).toEqual([
      { name: 'id', in: 'path', required: true, description: 'Thing id', schema: { type: 'string', pattern: '^\\d+$' } },
      { name: 'full', in: 'query', required: false, schema: { type: 'string', enum: ['0', '1'] } },
      { name: 'n', in: 'query', required: true, schema: { type: 'string' } },
    ]);
  });

  it('shares named schemas as components and points refs at them', () => {
    const op = doc.paths['/api/things/{id}']!.get as { responses: Record<string, { content: Record<string, { schema: unknown }> }> };
    expect(op.responses['200']!.content['application/json']!.schema).toEqual({ $ref: '#/components/schemas/Thing' });
    expect(op.responses['404']!.content['application/json']!.schema).toEqual({ type: 'array', items: { $ref: '#/components/schemas/Thing' } });
    expect(doc.components.schemas.Thing).toEqual({
      type: 'object',
      properties: { id: { type: 'string' }, size: { type: 'number', description: 'Bytes' } },
      required: ['id', 'size'],
      additionalProperties: false,
    });
    expect(JSON.stringify(doc)).not.toContain('$defs');
    expect(JSON.stringify(doc)).not.toContain('$schema');
  });

  it('documents bodies, binary answers, admin routes and public routes', () => {
    const post = doc.paths['/api/things']!.post as Record<string, unknown>;
    expect(post.requestBody).toEqual({
      required: false,
      content: { 'application/json': { schema: { type: 'object', properties: { size: { type: 'number', minimum: 1, default: 5 } }, additionalProperties: false } } },
    });
    expect(post['x-vigil-role']).toBe('admin');
    expect(post.description).toBe('Admin role required.');
    expect((post.responses as Record<string, unknown>)['200']).toEqual({ description: 'Picture', content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } } });
    expect((doc.paths['/ping']!.get as { security: unknown }).security).toEqual([]);
    expect((post as { security: unknown }).security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
  });

  it('refuses two specs for one operation', () => {
    expect(() => buildOpenApi([specs[2]!, specs[2]!], '1')).toThrow('two route specs for GET /ping');
  });
});

describe('the route registry', () => {
  it('builds a document with a unique operation id per route', () => {
    const doc = buildOpenApi(ALL_ROUTES, 'test');
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids.length).toBe(ALL_ROUTES.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['EventRecord', 'ApiError', 'RecordingsResponse', 'CameraInfo', 'Stats']));
  });
});

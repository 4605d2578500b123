// System endpoints of the real box: the OpenAPI document (every route, with the schemas the
// routes parse with, and every documented path really routed), Prometheus metrics with a token,
// stats in the documented shape.
import { statsSchema } from '../../../server/src/api/response-schemas';
import type { OpenApiDocument } from '../../../server/src/api/openapi/openapi-document';
import { waitFor } from '../../helpers/net';
import { Box, errorCode } from './box-fixture';

jest.setTimeout(180_000);

const box = new Box();
beforeAll(() => box.start());
afterAll(() => box.stop());

describe('GET /api/openapi.json', () => {
  let doc: OpenApiDocument;
  beforeAll(async () => {
    const r = await box.call('GET', '/api/openapi.json', { token: box.viewerToken });
    expect(r.status).toBe(200);
    doc = r.json as OpenApiDocument;
  });

  it('is OpenAPI 3.1 listing every route with parameters, bodies and response schemas', () => {
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
    for (const op of [
      'GET /api/events', 'GET /api/events/{id}', 'DELETE /api/events/{id}', 'POST /api/events/{id}/retain', 'DELETE /api/events/{id}/retain',
      'GET /api/events/{id}/snapshot.jpg', 'GET /api/events/{id}/thumbnail.jpg', 'GET /api/events/{id}/clip.mp4',
      'POST /api/events/{camera}/{label}/create', 'PUT /api/events/{id}/end', 'GET /api/{camera}/latest.jpg', 'GET /api/{camera}',
      'GET /api/{camera}/recordings', 'GET /api/{camera}/start/{start}/end/{end}/clip.mp4', 'GET /api/stats', 'GET /api/config',
      'GET /api/openapi.json', 'GET /metrics', 'GET /api/cameras', 'POST /api/login', 'POST /api/tokens', 'GET /api/webhooks/deliveries',
    ]) expect(ops).toContain(op);

    const list = doc.paths['/api/events']!.get as { parameters: { name: string; in: string; schema: Record<string, unknown> }[]; responses: Record<string, { content: Record<string, { schema: { items?: { $ref?: string } } }> }> };
    const limit = list.parameters.find((p) => p.name === 'limit')!;
    expect(limit).toMatchObject({ in: 'query', required: false, schema: { type: 'string', pattern: expect.any(String) } });
    expect(list.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['camera', 'cameras', 'label', 'labels', 'zone', 'zones', 'after', 'before', 'min_score', 'has_clip', 'has_snapshot', 'in_progress', 'include_thumbnails', 'sort']));
    expect(list.responses['200']!.content['application/json']!.schema.items!.$ref).toBe('#/components/schemas/EventRecord');
    const record = doc.components.schemas.EventRecord as { properties: Record<string, unknown>; required: string[] };
    expect(record.required).toEqual(expect.arrayContaining(['id', 'camera', 'start_time_iso', 'box', 'data']));

    const create = doc.paths['/api/events/{camera}/{label}/create']!.post as { requestBody: { content: { 'application/json': { schema: { properties: Record<string, { default?: unknown }> } } } }; 'x-vigil-role'?: string };
    expect(create['x-vigil-role']).toBe('admin');
    expect(create.requestBody.content['application/json'].schema.properties.duration!.default).toBe(30);
    expect((doc.paths['/api/health']!.get as { security: unknown[] }).security).toEqual([]);
    // Every $ref points at a component that exists.
    const refs = JSON.stringify(doc).match(/"\$ref":"#\/components\/schemas\/[^"]+"/g) ?? [];
    for (const ref of refs) expect(doc.components.schemas).toHaveProperty(ref.split('/').pop()!.replace('"', ''));
  });

  it('documents only paths the server routes', async () => {
    const example: Record<string, string> = { camera: 'demo', id: '1700000000.000000-abcdef', label: 'doorbell', start: '1700000000', end: '1700000010', username: 'admin' };
    let checked = 0;
    for (const [p, item] of Object.entries(doc.paths)) {
      // The bare camera path is the endless MJPEG stream (tested in live-ws.test.ts).
      if (!('get' in item) || p === '/api/{camera}') continue;
      const url = p.replace(/\{(\w+)\}/g, (_m, k: string) => example[k] ?? k);
      const r = await box.call('GET', url);
      const message = (r.json as { error?: { message?: string } } | null)?.error?.message ?? '';
      expect([url, message]).not.toEqual([url, expect.stringContaining('no route for')]);
      checked++;
    }
    expect(checked).toBeGreaterThan(15);
    const control = await box.call('GET', '/api/events/x/y/z');
    expect((control.json as { error: { message: string } }).error.message).toContain('no route for');
  });
});

describe('GET /metrics', () => {
  it('needs credentials; with a token it exposes vigil_* series', async () => {
    expect((await box.call('GET', '/metrics', { token: null })).status).toBe(401);
    const text = await waitFor('an event counted', async () => {
      const r = await box.call('GET', '/metrics');
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toContain('text/plain');
      const t = r.bytes.toString('utf8');
      return /^vigil_events_total\{camera="demo",label="person"\} [1-9]/m.test(t) ? t : null;
    }, 60_000, 1000);
    for (const series of [
      /^vigil_camera_fps\{camera="demo"\} [\d.]+$/m,
      /^vigil_camera_state\{camera="demo",state="online"\} 1$/m,
      /^vigil_camera_frames_captured_total\{camera="demo"\} [1-9]\d*$/m,
      /^vigil_camera_frames_skipped_total\{camera="demo"\} \d+$/m,
      /^vigil_camera_detection_fps\{camera="demo"\} [\d.]+$/m,
      /^vigil_camera_reconnects_total\{camera="demo"\} 0$/m,
      /^vigil_detector_inference_ms [\d.]+$/m,
      /^vigil_detector_inferences_total [1-9]\d*$/m,
      /^vigil_webhook_outbox_pending 0$/m,
      /^vigil_webhook_outbox_failed 0$/m,
      /^vigil_storage_free_bytes \d+/m,
      /^vigil_live_clients 0$/m,
      /^vigil_node_process_resident_memory_bytes \d+/m,
      /^# TYPE vigil_events_total counter$/m,
    ]) expect(text).toMatch(series);
    expect(text).not.toMatch(/^(?!#)(?!vigil_)\w+/m);
    const viaApi = await box.call('GET', '/api/metrics', { token: box.viewerToken });
    expect(viaApi.bytes.toString('utf8')).toContain('vigil_uptime_seconds');
  });
});

describe('GET /api/stats', () => {
  it('answers the documented shape', async () => {
    const r = await box.call('GET', '/api/stats');
    expect(statsSchema.parse(r.json).cameras.demo!.state).toBe('online');
    expect(errorCode(await box.call('GET', '/api/stats', { token: 'vgl_nonsense' }))).toBe('unauthorized');
  });
});

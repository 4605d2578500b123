// The real server on 127.0.0.1 with the demo camera: first-light endpoints over real HTTP.
import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import { VTEST } from '../../helpers/fixtures';
import { waitFor } from '../../helpers/net';
import { VigilProcess } from '../../helpers/vigil-process';

jest.setTimeout(120_000);

const CONFIG = `
server: { host: 127.0.0.1, port: \${PORT} }
storage: { path: \${DATA} }
auth: { enabled: false }
cameras:
  demo:
    source: file://${VTEST}
  porch:
    source: rtsp://user:topsecret@127.0.0.1:9/porch
    detect: { width: 1280, height: 720, fps: 5 }
`;

describe('first light over HTTP', () => {
  const vigil = new VigilProcess({ config: CONFIG });
  let capturePids: number[] = [];

  beforeAll(async () => {
    await vigil.start();
  });

  afterAll(async () => {
    await vigil.stop('SIGKILL');
    vigil.cleanup();
  });

  it('answers health and version', async () => {
    const h = await fetch(`${vigil.url}/api/health`);
    expect(h.status).toBe(200);
    expect(await h.json()).toEqual({ status: 'ok' });
    const v = (await (await fetch(`${vigil.url}/api/version`)).json()) as { version: string };
    expect(v.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('lists cameras with state and resolution; the unreachable one is offline without its password', async () => {
    const cams = await waitFor('demo online', async () => {
      const list = (await (await fetch(`${vigil.url}/api/cameras`)).json()) as Array<Record<string, unknown>>;
      const demo = list.find((c) => c.name === 'demo');
      const porch = list.find((c) => c.name === 'porch');
      return demo?.state === 'online' && porch?.state === 'offline' ? list : null;
    }, 60_000);
    const demo = cams.find((c) => c.name === 'demo')!;
    expect(demo).toMatchObject({ width: 768, height: 576, detect_width: 768, detect_height: 576, kind: 'file' });
    const porch = cams.find((c) => c.name === 'porch')!;
    expect(porch).toMatchObject({ kind: 'rtsp', detect_width: 1280, detect_height: 720 });
    expect(JSON.stringify(cams)).not.toContain('topsecret');
    expect(vigil.logs).not.toContain('topsecret');
    capturePids = vigil.children();
    expect(capturePids.length).toBeGreaterThanOrEqual(2);
  });

  it('serves the latest frame as a JPEG, resized on request', async () => {
    const r = await fetch(`${vigil.url}/api/demo/latest.jpg`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(await r.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 768, 576]);
    const small = await fetch(`${vigil.url}/api/demo/latest.jpg?height=144&quality=50`);
    const m2 = await sharp(Buffer.from(await small.arrayBuffer())).metadata();
    expect([m2.width, m2.height]).toEqual([192, 144]);
  });

  it('answers errors as JSON with 4xx', async () => {
    const unknown = await fetch(`${vigil.url}/api/nope/latest.jpg`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: 'not_found', message: 'unknown camera: nope' } });
    const bad = await fetch(`${vigil.url}/api/demo/latest.jpg?height=abc`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad_request');
    const offline = await fetch(`${vigil.url}/api/porch/latest.jpg`);
    expect(offline.status).toBe(503);
    const noRoute = await fetch(`${vigil.url}/api/demo/nothing`);
    expect(noRoute.status).toBe(404);
  });

  it('reports per-camera and process stats', async () => {
    const s = await waitFor('frames counted', async () => {
      const st = (await (await fetch(`${vigil.url}/api/stats`)).json()) as { cameras: Record<string, { captured: number; process_fps: number; camera_fps: number }>; service: Record<string, number> };
      return st.cameras.demo!.captured > 20 && st.cameras.demo!.process_fps > 0 ? st : null;
    }, 30_000);
    expect(s.cameras.demo!.camera_fps).toBeGreaterThan(0);
    expect(s.cameras.porch).toMatchObject({ state: 'offline', captured: 0 });
    expect(s.service.rss).toBeGreaterThan(10_000_000);
    expect(s.service.uptime).toBeGreaterThanOrEqual(0);
  });

  it('shuts down gracefully on SIGTERM with no capture process left', async () => {
    const code = await vigil.stop('SIGTERM');
    expect(code).toBe(0);
    for (const pid of capturePids) {
      expect(() => execFileSync('kill', ['-0', String(pid)], { stdio: 'ignore' })).toThrow();
    }
  });
});

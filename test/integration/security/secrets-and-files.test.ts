// Security checks on a real box configured with secrets everywhere: camera passwords (right and
// wrong, in the URL's user part and in its query), a webhook with a signing secret, a token in
// its path and query and an Authorization header, an MQTT password. After a run at debug level
// (capture and ffmpeg output included) no secret appears in any log line, API answer, WebSocket
// or MQTT message or webhook body; every response has the security headers; and after shutdown
// nothing under the data folder is readable by group or others.
import fs from 'node:fs';
import path from 'node:path';
import { VTEST, vtestH264 } from '../../helpers/fixtures';
import { HostileServer } from '../../helpers/hostile-servers';
import { LiveClient } from '../../helpers/live-client';
import { Mosquitto } from '../../helpers/mosquitto';
import { MqttListener } from '../../helpers/mqtt-listener';
import { waitFor } from '../../helpers/net';
import { rawRequest } from '../../helpers/raw-http';
import { RtspTestCamera } from '../../helpers/rtsp-camera';
import { WebhookReceiver } from '../../helpers/webhook-receiver';
import { Box } from '../api/box-fixture';

jest.setTimeout(300_000);

const SECRETS = {
  camera: 'cam-pw-Qz81x',
  wrongCamera: 'wrong-pw-Lk22v',
  queryCamera: 'query-pw-Hh40c',
  hookSecret: 'hook-secret-Mm93k',
  hookPath: 'path-token-Rr55n',
  hookQuery: 'query-token-Tt17b',
  hookHeader: 'header-token-Ww68p',
  mqtt: 'mqtt-pw-Yy04s',
};

describe('secrets, headers and file modes', () => {
  const cam = new RtspTestCamera({ streams: { porch: vtestH264(80) }, user: 'viewer', password: SECRETS.camera });
  const notFound = new HostileServer('http-404');
  const receiver = new WebhookReceiver({ status: ({ count }) => (count === 1 ? 500 : 200) });
  let broker: Mosquitto;
  let box: Box;
  let mqtt: MqttListener;
  const seen: Array<{ where: string; text: string }> = [];

  beforeAll(async () => {
    await cam.start();
    await notFound.start();
    await receiver.start();
    broker = await Mosquitto.start({ users: { vigil: SECRETS.mqtt } });
    const wrong = cam.url('porch').replace(SECRETS.camera, SECRETS.wrongCamera);
    box = new Box(`
server: { host: 127.0.0.1, port: \${PORT} }
storage: { path: \${DATA} }
logging: { level: debug }
record: { segment_seconds: 4 }
webhooks:
  - url: "${receiver.url}/hooks/${SECRETS.hookPath}?key=${SECRETS.hookQuery}"
    secret: "${SECRETS.hookSecret}"
    headers: { Authorization: "Bearer ${SECRETS.hookHeader}" }
    events: [camera_offline, camera_online, test]
mqtt: { host: 127.0.0.1, port: ${broker.port}, user: vigil, password: "${SECRETS.mqtt}", topic_prefix: sec }
cameras:
  demo: { source: "file://${VTEST}", detect: { enabled: false } }
  porch: { source: "${cam.url('porch')}", detect: { enabled: false } }
  wrongpw: { source: "${wrong}", detect: { enabled: false } }
  querycam: { source: "http://127.0.0.1:${notFound.port}/video.cgi?user=admin&pwd=${SECRETS.queryCamera}", detect: { enabled: false } }
`);
    await box.start();
    mqtt = await MqttListener.open(broker.port, 'sec/#', { username: 'vigil', password: SECRETS.mqtt });
  });

  afterAll(async () => {
    await mqtt?.close();
    if (box.vigil.proc) await box.stop();
    await cam.stop();
    await notFound.stop();
    await receiver.stop();
    await broker?.stop();
  });

  it('runs with every secret in use: cameras connect or fail, ffmpeg records, webhooks and MQTT deliver', async () => {
    const ws = await LiveClient.connect(`ws://127.0.0.1:${box.vigil.port}/ws`, { authorization: `Bearer ${box.adminToken}` });
    await waitFor('porch recorded, wrongpw and querycam refused', async () => {
      const cams = (await box.call('GET', '/api/cameras')).json as Array<{ name: string; state: string; reason: string | null }>;
      const state = (n: string) => cams.find((c) => c.name === n);
      const segs = ((await box.call('GET', '/api/porch/recordings')).json as { segments: unknown[] }).segments;
      return state('porch')?.state === 'online' && segs.length > 0 && state('wrongpw')?.reason && state('querycam')?.reason;
    }, 120_000, 1000);
    expect((await box.call('POST', '/api/webhooks/test', { body: {} })).status).toBe(202);
    await waitFor('the test delivery retried and delivered', () => receiver.delivered.length >= 2, 60_000, 250);
    await waitFor('MQTT state published', () => mqtt.last('sec/porch/status')?.text === 'online', 30_000, 250);
    await new Promise((r) => setTimeout(r, 3000));
    ws.close();
    // What ffmpeg and the capture processes said is in the log (debug), so it was scanned.
    expect(box.vigil.logs).toContain('"source":"recorder-ffmpeg"');
    expect(box.vigil.logs).toContain('"source":"capture"');
    expect(box.vigil.logs).toMatch(/401 Unauthorized/);
    // The URLs were logged, masked: the scan below looks at text that did carry the secrets.
    expect(box.vigil.logs).toMatch(/rtsp:\/\/viewer:\*\*\*@127\.0\.0\.1:\d+\/porch/);
    expect(box.vigil.logs).toContain('pwd=***');
    seen.push({ where: 'log', text: box.vigil.logs });
    seen.push(...ws.messages.map((m) => ({ where: `ws ${m.topic}`, text: JSON.stringify(m) })));
    seen.push(...mqtt.messages.map((m) => ({ where: `mqtt ${m.topic}`, text: m.text })));
    seen.push(...receiver.all.map((r) => ({ where: `webhook body ${r.path.split('/')[1]}`, text: r.raw.toString('utf8') })));
    // The receiver got what it was promised: the path token and header (they are for it).
    expect(receiver.all[0]!.path).toBe(`/hooks/${SECRETS.hookPath}?key=${SECRETS.hookQuery}`);
    expect(receiver.all[0]!.headers.authorization).toBe(`Bearer ${SECRETS.hookHeader}`);
  });

  it('answers every read route without a secret in it', async () => {
    const doc = (await box.call('GET', '/api/openapi.json')).json as { paths: Record<string, Record<string, unknown>> };
    const reads = Object.entries(doc.paths)
      .filter(([p, ops]) => 'get' in ops && !p.includes('{id}') && !p.includes('{start}') && p !== '/api/{camera}')
      .map(([p]) => p);
    for (const camera of ['porch', 'wrongpw', 'querycam']) {
      for (const p of reads) {
        const url = p.replace('{camera}', camera);
        const r = await rawRequest({ port: box.vigil.port, method: 'GET', path: url, headers: { authorization: `Bearer ${box.adminToken}` } });
        seen.push({ where: `GET ${url} (${r.status})`, text: r.body.toString('latin1') });
      }
    }
    expect(seen.filter((s) => s.where.startsWith('GET /api/config')).length).toBeGreaterThan(0);
    const cams = (await box.call('GET', '/api/cameras')).json as Array<{ name: string; reason: string | null }>;
    // The reasons still say what went wrong, with the secrets masked.
    expect(cams.find((c) => c.name === 'wrongpw')!.reason).toMatch(/rtsp:\/\/viewer:\*\*\*@127\.0\.0\.1:\d+\/porch.*401 Unauthorized/);
    expect(cams.find((c) => c.name === 'querycam')!.reason).toMatch(/video\.cgi\?user=\*\*\*&pwd=\*\*\*/);
  });

  it('never shows a secret anywhere', () => {
    const leaks = seen.flatMap((s) => Object.entries(SECRETS).filter(([, v]) => s.text.includes(v)).map(([k]) => `${k} in ${s.where}`));
    expect([...new Set(leaks)]).toEqual([]);
  });

  it('sends the security headers on the dashboard, media, streams, metrics and errors', async () => {
    const auth = { authorization: `Bearer ${box.adminToken}` };
    const targets: Array<[string, string]> = [
      ['GET', '/'], ['GET', '/index.html'], ['GET', '/app.js'], ['GET', '/events/1700000000.5-abc'], ['GET', '/missing.js'],
      ['GET', '/api/demo/latest.jpg'], ['HEAD', '/api/demo'], ['GET', '/metrics'], ['GET', '/api/nothing'], ['GET', '/api/events/bad-id'],
      ['POST', '/api/login'], ['GET', '/api/health'],
    ];
    for (const [method, p] of targets) {
      const r = await rawRequest({ port: box.vigil.port, method, path: p, headers: p === '/api/login' ? { 'content-type': 'application/json' } : auth, body: p === '/api/login' ? '{"username":"a","password":"b"}' : undefined });
      const h = r.headers;
      expect([p, h['content-security-policy']?.includes("default-src 'self'"), h['x-content-type-options'], h['x-frame-options'], h['referrer-policy'], h['cross-origin-opener-policy'], h['x-powered-by']]).toEqual([
        p, true, 'nosniff', 'DENY', 'no-referrer', 'same-origin', undefined,
      ]);
    }
  });

  it('keeps the database, media and run files private to the service user', async () => {
    expect(await box.vigil.stop('SIGTERM')).toBe(0);
    const loose: string[] = [];
    const kinds = new Set<string>();
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        const mode = fs.statSync(full).mode & 0o777;
        if (mode & 0o077) loose.push(`${path.relative(box.dataDir, full)} ${mode.toString(8)}`);
        if (e.isDirectory()) walk(full);
        else kinds.add(path.extname(e.name) || e.name);
      }
    };
    expect(fs.statSync(box.dataDir).mode & 0o077).toBe(0);
    walk(box.dataDir);
    expect(loose).toEqual([]);
    // The walk saw the database and recorded media, not an empty folder.
    expect([...kinds]).toEqual(expect.arrayContaining(['.db', '.mp4']));
    box.vigil.cleanup();
  });
});

// A real RTSP camera stops for 30 s and comes back while the real box runs it beside the demo
// camera: the camera goes offline and back online (time from its return to `online` measured),
// the demo camera keeps delivering frames, and the outage is reported everywhere it should be: the
// WebSocket (`camera_state`), webhooks (camera_offline / camera_online at a real receiver), MQTT
// (`<p>/porch/status` on a real mosquitto) and the recordings (a `camera_offline` gap, footage
// resumes after it).
import type { StatsSnapshot } from '../../../server/src/contracts/domain';
import type { RecordingsResponse } from '../../../server/src/contracts/api-types';
import type { CameraStatePayload, ServerMessage } from '../../../server/src/contracts/ws-messages';
import { VTEST, vtestH264 } from '../../helpers/fixtures';
import { LiveClient } from '../../helpers/live-client';
import { Mosquitto } from '../../helpers/mosquitto';
import { MqttListener } from '../../helpers/mqtt-listener';
import { waitFor } from '../../helpers/net';
import { RtspTestCamera } from '../../helpers/rtsp-camera';
import { VigilProcess } from '../../helpers/vigil-process';
import { WebhookReceiver } from '../../helpers/webhook-receiver';
import { reportFigure } from './fault-report';

jest.setTimeout(300_000);

const OUTAGE_MS = 30_000;
const PASSWORD = 'porch-pw-9f3';

describe('an RTSP camera goes away for 30 s and returns', () => {
  const cam = new RtspTestCamera({ streams: { porch: vtestH264(80) }, user: 'viewer', password: PASSWORD });
  const receiver = new WebhookReceiver();
  let broker: Mosquitto;
  let mqtt: MqttListener;
  let ws: LiveClient;
  let vigil: VigilProcess;

  beforeAll(async () => {
    await cam.start();
    await receiver.start();
    broker = await Mosquitto.start();
    vigil = new VigilProcess({
      config: `
server: { host: 127.0.0.1, port: \${PORT} }
storage: { path: \${DATA} }
auth: { enabled: false }
record: { segment_seconds: 4 }
webhooks:
  - { url: "${receiver.url}/hook", events: [camera_offline, camera_online], secret: "hook-secret" }
mqtt: { host: 127.0.0.1, port: ${broker.port}, topic_prefix: "vt" }
cameras:
  demo: { source: "file://${VTEST}", detect: { enabled: false } }
  porch: { source: "${cam.url('porch')}", detect: { enabled: false } }
`,
    });
    await vigil.start();
    mqtt = await MqttListener.open(broker.port, 'vt/#');
    ws = await LiveClient.connect(`ws://127.0.0.1:${vigil.port}/ws`);
  });

  afterAll(async () => {
    ws?.close();
    await mqtt?.close();
    await vigil?.stop('SIGTERM');
    await cam.stop();
    await receiver.stop();
    await broker?.stop();
    vigil?.cleanup();
  });

  const stats = async (): Promise<StatsSnapshot> => (await (await fetch(`${vigil.url}/api/stats`)).json()) as StatsSnapshot;
  const state = async (name: string): Promise<string> => (await stats()).cameras[name]?.state ?? 'missing';
  const states = (camera: string): CameraStatePayload[] =>
    ws.messages.filter((m): m is Extract<ServerMessage, { topic: 'camera_state' }> => m.topic === 'camera_state' && m.payload.camera === camera).map((m) => m.payload);
  const hooks = (type: string) => receiver.all.filter((r) => r.status === 200 && receiver.json(r).type === type && receiver.json(r).camera === 'porch');

  it('is reported offline, then online within the reconnect schedule once it is back; the demo camera never stops', async () => {
    await waitFor('both cameras online and porch recording', async () => {
      const s = await stats();
      return s.cameras.demo?.state === 'online' && s.cameras.porch?.state === 'online';
    }, 90_000, 500);
    await waitFor('porch footage before the outage', async () => (await recordings()).segments.length > 0, 60_000, 1000);
    await waitFor('retained porch status online', () => mqtt.last('vt/porch/status')?.text === 'online', 20_000, 100);

    const stoppedAt = Date.now();
    await cam.stop();
    await waitFor('porch offline', async () => (await state('porch')) === 'offline', 60_000, 250);
    const offlineAfterMs = Date.now() - stoppedAt;
    const demoAtStop = (await stats()).cameras.demo!.captured;

    // The demo camera goes on while porch is away (sampled through the outage).
    const demoSamples: number[] = [];
    while (Date.now() - stoppedAt < OUTAGE_MS) {
      demoSamples.push((await stats()).cameras.demo!.captured);
      await new Promise((r) => setTimeout(r, 3000));
    }
    expect(await state('porch')).toBe('offline');
    expect(await state('demo')).toBe('online');
    expect(demoSamples.at(-1)! - demoAtStop).toBeGreaterThan(50);
    for (let i = 1; i < demoSamples.length; i++) expect(demoSamples[i]!).toBeGreaterThan(demoSamples[i - 1]!);

    await cam.start();
    const backAt = Date.now();
    await waitFor('porch back online', async () => (await state('porch')) === 'online', 60_000, 100);
    const reconnectS = (Date.now() - backAt) / 1000;
    reportFigure('RTSP camera: stop → offline', `${(offlineAfterMs / 1000).toFixed(1)} s`);
    reportFigure('RTSP camera: return → online (30 s outage)', `${reconnectS.toFixed(1)} s`);
    // Reconnect attempts are at most 10 s apart and an RTSP open takes a few seconds: a loaded
    // machine gets a generous bound, the figure above is the measurement.
    expect(reconnectS).toBeLessThan(45);
    const after = (await stats()).cameras.porch!.captured;
    await waitFor('porch frames again', async () => (await stats()).cameras.porch!.captured > after + 20, 30_000, 500);
    // The demo camera was never reported as anything but online.
    expect(states('demo').every((p) => p.state === 'online')).toBe(true);
  });

  it('reports offline and online on the WebSocket, without the password', async () => {
    const porch = states('porch');
    const offline = porch.findIndex((p) => p.state === 'offline');
    expect(offline).toBeGreaterThanOrEqual(0);
    expect(porch[offline]!.reason).toMatch(/\S/);
    expect(porch.slice(offline).some((p) => p.state === 'online')).toBe(true);
    expect(porch.at(-1)!.state).toBe('online');
    expect(JSON.stringify(porch)).not.toContain(PASSWORD);
  });

  it('delivers camera_offline and camera_online webhooks once each, signed, to a real receiver', async () => {
    await waitFor('camera_online delivered', () => hooks('camera_online').length >= 1, 60_000, 250);
    const offline = hooks('camera_offline');
    const online = hooks('camera_online');
    expect(offline).toHaveLength(1);
    expect(online).toHaveLength(1);
    expect(receiver.json(offline[0]!)).toMatchObject({ type: 'camera_offline', camera: 'porch', state: 'offline', previous: 'online' });
    expect(receiver.json(online[0]!)).toMatchObject({ type: 'camera_online', camera: 'porch', state: 'online' });
    expect(offline[0]!.at).toBeLessThan(online[0]!.at);
    // One request per delivery id (no duplicates), each signed, no password in any body.
    for (const r of [...offline, ...online]) {
      expect(receiver.byId.get(r.id)).toBe(1);
      expect(r.headers['x-vigil-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(r.raw.toString()).not.toContain(PASSWORD);
    }
    // The demo camera had nothing to report.
    expect(receiver.all.filter((r) => receiver.json(r).camera === 'demo')).toEqual([]);
  });

  it('publishes porch/status offline then online on MQTT, and demo stays online', () => {
    const porch = mqtt.texts('vt/porch/status');
    const off = porch.indexOf('offline');
    expect(off).toBeGreaterThanOrEqual(0);
    expect(porch.slice(off + 1)).toContain('online');
    expect(porch.at(-1)).toBe('online');
    expect(mqtt.texts('vt/demo/status').every((t) => t === 'online')).toBe(true);
    expect(mqtt.last('vt/available')?.text).toBe('online');
  });

  it('explains the missing footage with a camera_offline gap and records again after it', async () => {
    const rec = await waitFor('footage after the outage', async () => {
      const r = await recordings();
      const gap = r.gaps.find((g) => g.reason === 'camera_offline');
      return gap && gap.end_time !== null && r.segments.some((s) => s.start_time >= gap.end_time!) ? r : null;
    }, 120_000, 1000);
    const gap = rec.gaps.find((g) => g.reason === 'camera_offline')!;
    // The gap starts at the end of the last footage before the outage and ends at the first after.
    expect(rec.segments.some((s) => Math.abs(s.end_time - gap.start_time) < 0.01)).toBe(true);
    expect(rec.segments.some((s) => Math.abs(s.start_time - gap.end_time!) < 0.01)).toBe(true);
    expect(gap.end_time! - gap.start_time).toBeGreaterThan(OUTAGE_MS / 1000 - 10);
    expect(JSON.stringify(rec)).not.toContain(PASSWORD);
  });

  async function recordings(): Promise<RecordingsResponse> {
    return (await (await fetch(`${vigil.url}/api/porch/recordings`)).json()) as RecordingsResponse;
  }
});

// The live WebSocket server in this process on a real HTTP server with a real `ws` client and a
// fake camera feed: bus messages fanned out, dead connections found by ping/pong, a client that
// stopped reading text dropped at the hard bound, clean shutdown.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VigilBusEvents } from '../../../server/src/contracts/bus-events';
import type { EventMessage, EventSnapshotData, StatsSnapshot } from '../../../server/src/contracts/domain';
import type { FramePixels } from '../../../server/src/contracts/worker-protocol';
import { EventBus } from '../../../server/src/lib/event-bus';
import { createLogger } from '../../../server/src/lib/logger';
import { LiveBroadcaster, type LiveCameraFeed } from '../../../server/src/live/live-broadcaster';
import { LiveWsServer } from '../../../server/src/live/ws-server';
import { LiveClient } from '../../helpers/live-client';
import { waitFor } from '../../helpers/net';
import { clientFrame, rawUpgrade } from '../../helpers/raw-ws';

const STATS: StatsSnapshot = {
  cameras: {},
  detectors: { workers: 0, ready: 0, inference_speed: 0, inferences: 0, timeouts: 0, failures: 0, restarts: 0, queue: 0 },
  service: { uptime: 1, version: 't', cpu_percent: 0, rss: 0, heap_used: 0, load_avg: [], storage: null },
};

const listeners = new Set<(t: number, p: FramePixels) => void>();
const feed: LiveCameraFeed = {
  setLiveFps: () => undefined,
  onPixels: (fn) => {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
  objects: () => [],
  overlay: () => ({ motion: [], regions: [] }),
};

const side: EventSnapshotData = { id: 'x', camera: 'front', frame_time: 1, label: 'person', sub_label: null, score: 0.9, top_score: 0.9, box: [0, 0, 1, 1], area: 1, ratio: 1, region: null, current_zones: [], entered_zones: [], stationary: false, has_snapshot: false, has_clip: false, start_time: 1, end_time: null };

let server: http.Server;
let bus: EventBus<VigilBusEvents>;
let live: LiveWsServer;
let port = 0;
const url = () => `ws://127.0.0.1:${port}/ws`;

async function start(pingIntervalMs = 150): Promise<void> {
  server = http.createServer((_req, res) => res.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  bus = new EventBus<VigilBusEvents>();
  const log = createLogger({ level: 'silent' });
  live = new LiveWsServer({
    server,
    authenticate: (req) => (req.headers.authorization === 'Bearer ok' ? { username: 'tester' } : null),
    broadcaster: new LiveBroadcaster({ cameras: new Map([['front', feed]]), log }),
    bus,
    cameras: () => [{ camera: 'front', state: 'online', reason: null, fps: 12.5 }],
    stats: () => STATS,
    version: '9.9.9',
    log,
    pingIntervalMs,
    limits: { frameBufferBytes: 64 * 1024, hardBufferBytes: 256 * 1024 },
  });
  live.start();
}

beforeEach(() => start());

afterEach(async () => {
  await live.close();
  await new Promise<void>((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });
});

const connect = () => LiveClient.connect(url(), { authorization: 'Bearer ok' });

describe('LiveWsServer', () => {
  it('fans bus messages out as {topic, payload}', async () => {
    const c = await connect();
    await c.topic('hello');
    bus.emit('camera.state', { camera: 'front', state: 'offline', previous: 'online', reason: 'connection refused', time: 1 });
    bus.emit('camera.motion', { camera: 'front', active: true, time: 1 });
    const ev: EventMessage = { type: 'new', before: side, after: side };
    bus.emit('event', ev);
    bus.emit('stats', STATS);
    expect((await c.topic('camera_state')).payload).toEqual({ camera: 'front', state: 'offline', reason: 'connection refused', fps: 12.5 });
    expect(await c.next((m) => m.topic === 'front/motion')).toEqual({ topic: 'front/motion', payload: 'ON' });
    expect((await c.topic('events')).payload).toEqual(ev);
    await waitFor('two stats (on connect and from the bus)', () => c.messages.filter((m) => m.topic === 'stats').length === 2);
    // A client arriving later is told the motion state at once.
    const late = await connect();
    await late.topic('hello');
    expect(await late.next((m) => m.topic === 'front/motion')).toEqual({ topic: 'front/motion', payload: 'ON' });
    c.close();
    late.close();
  });

  it('keeps clients that answer pings and drops those that do not', async () => {
    const good = await connect();
    const { socket, status } = await rawUpgrade(port, '/ws', { authorization: 'Bearer ok' });
    expect(status).toBe(101);
    await waitFor('two clients', () => live.stats().clients === 2);
    // The raw client never reads, so it never answers a ping: gone after two ping rounds.
    await waitFor('the silent client dropped', () => live.stats().clients === 1, 5000, 50);
    await new Promise((r) => setTimeout(r, 600));
    expect(live.stats().clients).toBe(1);
    expect(good.closeCode).toBeNull();
    good.close();
    socket.destroy();
  });

  it('disconnects a client whose unsent backlog passes the hard bound', async () => {
    // Pings far apart, so only the backlog can end this client.
    await live.close();
    server.close();
    await start(60_000);
    const { socket } = await rawUpgrade(port, '/ws', { authorization: 'Bearer ok' });
    socket.write(clientFrame(Buffer.from('{"action":"ping"}')));
    await waitFor('connected', () => live.stats().clients === 1);
    const big: EventSnapshotData = { ...side, sub_label: 'x'.repeat(8000) };
    let sent = 0;
    while (live.stats().clients === 1 && sent < 5000) {
      bus.emit('event', { type: 'update', before: big, after: big });
      sent++;
      if (sent % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    expect(live.stats().clients).toBe(0);
    // ~8 KB each: the kernel buffers took some MB, then the 256 KiB bound tripped.
    expect(sent).toBeLessThan(5000);
    expect(sent * 8000).toBeGreaterThan(256 * 1024);
    socket.destroy();
  });

  it('refuses bad credentials and other paths; closes clients with 1001 on shutdown', async () => {
    await expect(LiveClient.connect(url(), { authorization: 'Bearer no' })).rejects.toThrow('401');
    await expect(LiveClient.connect(`ws://127.0.0.1:${port}/other`, { authorization: 'Bearer ok' })).rejects.toThrow('404');
    const c = await connect();
    c.send({ action: 'subscribe', camera: 'front', fps: 5, height: 100 });
    await c.topic('subscribed');
    expect(listeners.size).toBe(1);
    await live.close();
    await waitFor('closed', () => c.closeCode === 1001);
    expect(listeners.size).toBe(0);
  });
});

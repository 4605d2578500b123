// The live WebSocket and the login route of the real box under abuse: protocol violations written
// byte by byte (invalid UTF-8, unmasked and reserved frames, oversized control frames, fragments
// past the limit), hostile JSON, a message flood, a connection flood past the client limit, broken
// upgrades, and a password-guessing run against /api/login (429 with Retry-After, the same answer
// for unknown users). Each abusive client is dealt with alone; the server and other clients go on.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import type { ServerMessage } from '../../../server/src/contracts/ws-messages';
import { VTEST } from '../../helpers/fixtures';
import { LiveClient } from '../../helpers/live-client';
import { waitFor } from '../../helpers/net';
import { rawUpgrade } from '../../helpers/raw-ws';
import { Box } from '../api/box-fixture';

jest.setTimeout(300_000);

const ATTEMPTS = 5;
const CONFIG = `
server: { host: 127.0.0.1, port: \${PORT} }
storage: { path: \${DATA} }
auth: { login_attempts: ${ATTEMPTS}, login_window_s: 120 }
record: { enabled: false }
cameras:
  demo:
    source: file://${VTEST}
    detect: { enabled: false }
`;

/** A client frame with full control over FIN, opcode and masking. */
function frame(payload: Buffer, o: { opcode?: number; fin?: boolean; masked?: boolean } = {}): Buffer {
  const opcode = o.opcode ?? 1;
  const masked = o.masked ?? true;
  const len = payload.length;
  const head: number[] = [(o.fin === false ? 0 : 0x80) | opcode];
  const m = masked ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (len < 126) head.push(m | len);
  else if (len < 65536) {
    head.push(m | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(len);
  } else {
    head.push(m | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(BigInt(len));
  }
  if (!masked) return Buffer.concat([Buffer.from(head), ext, payload]);
  const key = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(head), ext, key, body]);
}

/** Collects what the server sends on a raw socket until it closes; resolves the close code (or null). */
function closeCodeOf(socket: net.Socket, timeoutMs = 15_000): Promise<number | null> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    let code: number | null = null;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(code ?? -1);
    }, timeoutMs);
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      // Server frames are unmasked: find a close frame (opcode 8) and read its status code.
      for (let i = 0; i + 4 <= buf.length; ) {
        const op = buf[i]! & 0x0f;
        let len = buf[i + 1]! & 0x7f;
        let off = i + 2;
        if (len === 126) {
          len = buf.readUInt16BE(off);
          off += 2;
        } else if (len === 127) {
          len = Number(buf.readBigUInt64BE(off));
          off += 8;
        }
        if (off + len > buf.length) break;
        if (op === 8 && len >= 2) code = buf.readUInt16BE(off);
        i = off + len;
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(code);
    });
    socket.on('error', () => undefined);
    socket.resume();
  });
}

describe('WebSocket and login abuse', () => {
  const box = new Box(CONFIG);
  let watcher: LiveClient;

  beforeAll(async () => {
    await box.start();
    watcher = await LiveClient.connect(`ws://127.0.0.1:${box.vigil.port}/ws`, { authorization: `Bearer ${box.viewerToken}` });
    await watcher.topic('hello');
  });

  afterAll(async () => {
    watcher?.close();
    await box.stop();
  });

  const auth = () => ({ authorization: `Bearer ${box.adminToken}` });
  const metric = async (name: string): Promise<number> => {
    const text = (await box.call('GET', '/metrics')).bytes.toString('utf8');
    return Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  };
  const clients = () => metric('vigil_live_clients');

  it.each([
    ['invalid UTF-8 in a text frame', () => frame(Buffer.from([0x7b, 0xc3, 0x28, 0x7d])), 1007],
    ['an unmasked client frame', () => frame(Buffer.from('{"action":"ping"}'), { masked: false }), 1002],
    ['a reserved opcode', () => frame(Buffer.from('x'), { opcode: 3 }), 1002],
    ['a ping with more than 125 bytes', () => frame(Buffer.alloc(200, 1), { opcode: 9 }), 1002],
    ['a fragmented control frame', () => frame(Buffer.from('x'), { opcode: 9, fin: false }), 1002],
    ['fragments adding up past 64 KiB', () => Buffer.concat([frame(Buffer.alloc(40_000, 0x61), { fin: false }), frame(Buffer.alloc(40_000, 0x61), { opcode: 0 })]), 1009],
    ['a continuation without a start', () => frame(Buffer.from('x'), { opcode: 0 }), 1002],
    ['a length field of 2^62', () => Buffer.concat([Buffer.from([0x81, 0xff]), Buffer.from([0x40, 0, 0, 0, 0, 0, 0, 0]), randomBytes(4)]), 1009],
  ])('closes a client that sends %s, and nobody else', async (_name, make, code) => {
    const { socket, status } = await rawUpgrade(box.vigil.port, '/ws', auth());
    expect(status).toBe(101);
    const closed = closeCodeOf(socket);
    socket.write(make());
    expect(await closed).toBe(code);
    expect(watcher.closeCode).toBeNull();
  });

  it('answers hostile JSON with errors and keeps the connection', async () => {
    const c = await LiveClient.connect(`ws://127.0.0.1:${box.vigil.port}/ws`, auth());
    await c.topic('hello');
    const hostile = [
      '{"action":"subscribe","camera":"__proto__"}',
      '{"action":"subscribe","camera":"constructor","fps":1}',
      '{"__proto__":{"action":"ping"}}',
      '{"action":"subscribe","camera":"名前🎥"}',
      `{"action":"subscribe","camera":"${'a'.repeat(3000)}"}`,
      '{"action":"subscribe","camera":"demo","fps":"NaN","height":1e309}',
      '{"action":"subscribe","camera":"demo","fps":-1}',
      '{"action":"unsubscribe","camera":null}',
      `${'['.repeat(1500)}${']'.repeat(1500)}`,
      '{"action":"ping","action":"subscribe"}',
      '',
      '\u0000',
    ];
    for (const text of hostile) {
      const from = c.messages.length;
      c.send(text);
      const err = await c.next((m) => m.topic === 'error', 10_000, from) as Extract<ServerMessage, { topic: 'error' }>;
      expect(err.payload.code).toMatch(/^(bad_request|not_found|payload_too_large)$/);
      expect(err.payload.message).not.toMatch(/\n\s+at |node_modules|\/(work|tmp)\//);
    }
    const from = c.messages.length;
    c.send({ action: 'ping' });
    await c.topic('pong', 10_000, from);
    expect(c.closeCode).toBeNull();
    c.close();
  });

  it('survives a flood of 3000 messages from one client and still answers', async () => {
    const c = await LiveClient.connect(`ws://127.0.0.1:${box.vigil.port}/ws`, auth());
    await c.topic('hello');
    for (let i = 0; i < 1000; i++) {
      c.send({ action: 'subscribe', camera: 'demo', fps: 10, height: 90 + (i % 500) });
      c.send({ action: 'unsubscribe', camera: 'demo' });
      c.send('garbage');
    }
    const from = c.messages.length;
    c.send({ action: 'ping' });
    await c.topic('pong', 60_000, from);
    // Messages are handled in order: the last unsubscribe left no subscription behind.
    expect(await metric('vigil_live_subscriptions')).toBe(0);
    expect(c.closeCode).toBeNull();
    c.close();
    await waitFor('the flooding client gone', async () => (await clients()) === 1, 20_000, 250);
    expect((await box.call('GET', '/api/health')).status).toBe(200);
  });

  it('refuses connections past the client limit with 503, and takes new ones once others leave', async () => {
    const opened: LiveClient[] = [];
    const refused: string[] = [];
    await Promise.all(
      Array.from({ length: 80 }, async () => {
        try {
          opened.push(await LiveClient.connect(`ws://127.0.0.1:${box.vigil.port}/ws`, auth()));
        } catch (e) {
          refused.push((e as Error).message);
        }
      }),
    );
    // 64 at most, the watcher among them.
    expect(opened.length).toBe(63);
    expect(refused).toHaveLength(17);
    expect(new Set(refused)).toEqual(new Set(['upgrade refused: 503']));
    for (const c of opened) c.close();
    await waitFor('clients gone', async () => (await clients()) === 1, 20_000, 250);
    const again = await LiveClient.connect(`ws://127.0.0.1:${box.vigil.port}/ws`, auth());
    await again.topic('hello');
    again.close();
  });

  it('answers broken upgrades with 4xx and no connection', async () => {
    const cases: Array<[string, number]> = [
      [`GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer ${box.adminToken}\r\n\r\n`, 400],
      [`GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 99\r\nAuthorization: Bearer ${box.adminToken}\r\n\r\n`, 400],
      [`GET /ws?token=${'%zz'.repeat(10)} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`, 401],
      [`GET /ws%2f..%2fapi HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer ${box.adminToken}\r\n\r\n`, 404],
    ];
    for (const [request, status] of cases) {
      const got = await new Promise<string>((resolve) => {
        const s = net.connect(box.vigil.port, '127.0.0.1', () => s.write(request));
        let text = '';
        s.on('data', (d: Buffer) => (text += d.toString('latin1')));
        s.on('close', () => resolve(text));
        s.on('error', () => resolve(text));
        setTimeout(() => s.destroy(), 10_000);
      });
      expect(got.split('\r\n')[0]).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    }
    expect(watcher.closeCode).toBeNull();
  });

  it('rate-limits password guessing with 429 and Retry-After, and answers unknown users like wrong passwords', async () => {
    const login = async (username: string, password: string) => box.call('POST', '/api/login', { token: null, body: { username, password } });
    const wrong = await login('admin', 'guess-0');
    const unknown = await login('nobody-here', 'guess-1');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    // No way to tell an unknown user from a wrong password.
    expect(unknown.json).toEqual(wrong.json);
    for (let i = 2; i < ATTEMPTS; i++) expect((await login('admin', `guess-${i}`)).status).toBe(401);
    for (let i = 0; i < 20; i++) {
      const r = await login(i % 2 ? 'admin' : `user${i}`, `guess-more-${i}`);
      expect(r.status).toBe(429);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(r.json).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/^too many failed logins from this address: try again in \d+ s$/) } });
    }
    // Tokens keep working: the limit is on guessing, not on the box.
    expect((await box.call('GET', '/api/stats')).status).toBe(200);
    expect(box.vigil.logs).not.toMatch(/guess-\d/);
  });
});

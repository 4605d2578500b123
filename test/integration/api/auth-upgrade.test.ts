// authenticateUpgrade on real WebSocket handshakes (ws client and server on 127.0.0.1): session
// cookie from our own origin, Bearer header, ?token=; refused without credentials, with a
// revoked token, or with a cookie sent from another site's page.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import type { CreatedToken } from '../../../server/src/contracts/auth-api';
import { Client, firstAdminPassword, startAuthServer, type AuthServer } from './auth-fixture';

/** Opens a socket; resolves with the user the server greeted, or with the refusal status. */
function connect(url: string, headers: Record<string, string> = {}): Promise<{ user: string } | { status: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('message', (data) => {
      resolve(JSON.parse(String(data)) as { user: string });
      ws.close();
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      res.resume();
    });
    ws.once('error', reject);
  });
}

describe('auth: WebSocket upgrades', () => {
  let srv: AuthServer;
  let admin: Client;
  let wsUrl: string;
  beforeAll(async () => {
    srv = await startAuthServer();
    admin = new Client(srv.url);
    await admin.login('admin', firstAdminPassword(srv.logs()));
    wsUrl = `${srv.url.replace('http', 'ws')}/ws`;
    const wss = new WebSocketServer({ noServer: true });
    srv.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const who = srv.auth.authenticateUpgrade(req);
      if (!who) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => ws.send(JSON.stringify({ user: who.username, via: who.via })));
    });
  });
  afterAll(() => srv.close());

  it('refuses a handshake without credentials', async () => {
    expect(await connect(wsUrl)).toEqual({ status: 401 });
  });

  it('accepts the session cookie from our own origin (or no Origin), refuses it from another site', async () => {
    const cookie = `vigil_session=${admin.cookie as string}`;
    expect(await connect(wsUrl, { cookie, origin: srv.url })).toEqual({ user: 'admin', via: 'session' });
    expect(await connect(wsUrl, { cookie })).toEqual({ user: 'admin', via: 'session' });
    expect(await connect(wsUrl, { cookie, origin: 'http://evil.example' })).toEqual({ status: 401 });
    expect(await connect(wsUrl, { cookie: 'vigil_session=forged-value-forged-value' })).toEqual({ status: 401 });
  });

  it('accepts a token in the Authorization header or ?token=, and refuses it once revoked', async () => {
    const t = (await admin.call<CreatedToken>('POST', '/api/tokens', { name: 'ws client' })).body;
    expect(await connect(wsUrl, { authorization: `Bearer ${t.token}` })).toEqual({ user: 'admin', via: 'token' });
    expect(await connect(`${wsUrl}?token=${encodeURIComponent(t.token)}`)).toEqual({ user: 'admin', via: 'token' });
    // A token is no ambient credential: another site's page would have to know it.
    expect(await connect(`${wsUrl}?token=${t.token}`, { origin: 'http://elsewhere.example' })).toEqual({ user: 'admin', via: 'token' });
    await admin.call('DELETE', `/api/tokens/${t.id}`);
    expect(await connect(`${wsUrl}?token=${t.token}`)).toEqual({ status: 401 });
    expect(await connect(wsUrl, { authorization: `Bearer ${t.token}` })).toEqual({ status: 401 });
  });
});

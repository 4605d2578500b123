// A webhook receiver is down while the real box detects people and makes events, and the box is
// SIGKILLed in the middle of the outage: once the receiver is back, every delivery written meanwhile
// arrives, exactly once per delivery id, with the bytes and signature stored in the outbox.
// The outage is one real minute here (the retry steps 5, 10, 20, 40 s… make a longer one a matter of
// waiting); the 10-minute and 24-hour outages run on a simulated clock with the real dispatcher,
// SQLite and receiver in test/integration/notify/webhook-outage.test.ts.
import { createHmac } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { VTEST } from '../../helpers/fixtures';
import { waitFor } from '../../helpers/net';
import { VigilProcess } from '../../helpers/vigil-process';
import { WebhookReceiver } from '../../helpers/webhook-receiver';
import { reportFigure } from './fault-report';

jest.setTimeout(420_000);

const SECRET = 'outage-secret-7c1';
const OUTAGE_MS = 60_000;

interface OutboxRow {
  id: string;
  event_type: string;
  payload: string;
  status: string;
  attempts: number;
  created_at: number;
  delivered_at: number | null;
}

describe('a webhook receiver down for a minute, the box killed meanwhile', () => {
  const receiver = new WebhookReceiver();
  let vigil: VigilProcess;

  beforeAll(async () => {
    await receiver.start();
    await receiver.stop(); // the port is known; connections are refused from now on
    vigil = new VigilProcess({
      config: `
server: { host: 127.0.0.1, port: \${PORT} }
storage: { path: \${DATA} }
auth: { enabled: false }
detector: { threads: 1 }
record: { enabled: false }
events: { max_event_s: 10 }
webhooks:
  - { url: "${receiver.url}/hook", events: [new, end], secret: "${SECRET}" }
cameras:
  demo: { source: "file://${VTEST}" }
`,
    });
    await vigil.start();
  });

  afterAll(async () => {
    await vigil?.stop('SIGTERM');
    await receiver.stop();
    vigil?.cleanup();
  });

  const outbox = (): OutboxRow[] => {
    const db = new Database(path.join(vigil.dataDir, 'vigil.db'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT id, event_type, payload, status, attempts, created_at, delivered_at FROM webhook_outbox ORDER BY created_at').all() as OutboxRow[];
    } finally {
      db.close();
    }
  };

  it('delivers everything written during the outage once it returns, once per delivery id', async () => {
    const downSince = Date.now();
    await waitFor('deliveries waiting in the outbox', () => outbox().filter((r) => r.status === 'pending' && r.attempts >= 1).length >= 2, 120_000, 1000);
    const beforeKill = outbox();

    // The process dies mid-outage; the next one resumes the outbox from the database.
    await vigil.stop('SIGKILL');
    await vigil.start();
    await waitFor('more deliveries after the restart', () => outbox().length > beforeKill.length, 120_000, 1000);
    const left = OUTAGE_MS - (Date.now() - downSince);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
    expect(receiver.all).toEqual([]);

    const written = outbox();
    expect(written.every((r) => r.status === 'pending')).toBe(true);
    await receiver.start();
    const backAt = Date.now() / 1000;
    const done = await waitFor('every delivery of the outage delivered', () => {
      const rows = outbox().filter((r) => written.some((w) => w.id === r.id));
      return rows.every((r) => r.status === 'delivered') ? rows : null;
    }, 240_000, 1000);

    // Each delivery id arrived exactly once with a 2xx, after the receiver came back, carrying the
    // stored bytes and a valid signature.
    for (const row of done) {
      const got = receiver.all.filter((x) => x.id === row.id);
      expect(got).toHaveLength(1);
      expect(got[0]!.status).toBe(200);
      expect(got[0]!.at / 1000).toBeGreaterThanOrEqual(backAt);
      expect(got[0]!.raw.toString('utf8')).toBe(row.payload);
      expect(got[0]!.headers['x-vigil-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(got[0]!.raw).digest('hex')}`);
      expect(row.attempts).toBeGreaterThanOrEqual(2);
    }
    // Before and after the kill, events of both kinds were waiting.
    expect(new Set(done.map((r) => r.event_type))).toEqual(new Set(['new', 'end']));
    expect(done.length).toBeGreaterThan(beforeKill.length);
    const delays = done.map((r) => r.delivered_at! - backAt);
    reportFigure('webhooks after a 60 s outage with a SIGKILL: last delivery after the receiver returned', `${Math.max(...delays).toFixed(1)} s (${done.length} deliveries, max ${Math.max(...done.map((r) => r.attempts))} attempts)`);
    // Nothing is left pending or failed, and no id was ever sent twice.
    await waitFor('outbox drained', () => outbox().every((r) => r.status === 'delivered'), 60_000, 1000);
    expect([...receiver.byId.values()].every((n) => n === 1)).toBe(true);
  });
});

// What live clients may send, and the error answers for everything else.
import { MAX_CLIENT_MESSAGE_BYTES, parseClientMessage } from '../../../server/src/live/client-messages';

const text = (v: unknown) => parseClientMessage(Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)), false);

describe('parseClientMessage', () => {
  it.each<[unknown, unknown]>([
    [{ action: 'subscribe', camera: 'front' }, { action: 'subscribe', camera: 'front', fps: 5, height: 360 }],
    [{ action: 'subscribe', camera: 'front', fps: 0.2, height: 90.4 }, { action: 'subscribe', camera: 'front', fps: 0.2, height: 90 }],
    [{ action: 'subscribe', camera: 'a_b-1', fps: 10, height: 1080 }, { action: 'subscribe', camera: 'a_b-1', fps: 10, height: 1080 }],
    [{ action: 'unsubscribe', camera: 'front' }, { action: 'unsubscribe', camera: 'front' }],
    [{ action: 'ping' }, { action: 'ping' }],
  ])('accepts %j', (msg, want) => {
    expect(text(msg)).toEqual({ ok: true, message: want });
  });

  it.each<[string, unknown, string]>([
    ['not JSON', 'hello', 'bad_request'],
    ['an array', [1, 2], 'bad_request'],
    ['an unknown action', { action: 'dance' }, 'bad_request'],
    ['fps too high', { action: 'subscribe', camera: 'front', fps: 30 }, 'bad_request'],
    ['fps as text', { action: 'subscribe', camera: 'front', fps: '5' }, 'bad_request'],
    ['height too small', { action: 'subscribe', camera: 'front', height: 10 }, 'bad_request'],
    ['a bad camera name', { action: 'subscribe', camera: '../x' }, 'bad_request'],
    ['extra keys', { action: 'ping', now: 1 }, 'bad_request'],
    ['a large message', 'x'.repeat(MAX_CLIENT_MESSAGE_BYTES + 1), 'payload_too_large'],
  ])('refuses %s', (_n, msg, code) => {
    const r = text(msg);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe(code);
  });

  it('refuses binary messages and reads fragmented text', () => {
    expect(parseClientMessage(Buffer.from('{"action":"ping"}'), true)).toMatchObject({ ok: false, code: 'unsupported' });
    expect(parseClientMessage([Buffer.from('{"action":'), Buffer.from('"ping"}')], false)).toEqual({ ok: true, message: { action: 'ping' } });
  });

  it('names the offending field', () => {
    const r = text({ action: 'subscribe', camera: 'front', fps: 99 });
    expect(r.ok ? '' : r.message).toMatch(/^fps: /);
  });
});

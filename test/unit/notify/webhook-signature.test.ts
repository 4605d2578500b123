import { execFileSync } from 'node:child_process';
import { checkHeaders, deliveryHeaders, signBody, verifySignature } from '../../../server/src/notify/webhook-signature';

describe('webhook signature', () => {
  it('matches the RFC 4231 HMAC-SHA256 test vector (case 2)', () => {
    expect(signBody('what do ya want for nothing?', 'Jefe')).toBe('sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('signs the UTF-8 bytes of body and key, as openssl computes them', () => {
    const body = '{"type":"new","event":{"camera":"vorgarten","label":"person","sub_label":"Jürgen 👋"}}';
    const secret = 'clé-secrète';
    const openssl = execFileSync('openssl', ['dgst', '-sha256', '-hmac', secret], { input: Buffer.from(body, 'utf8') }).toString().trim();
    expect(signBody(body, secret)).toBe(`sha256=${openssl.split('= ')[1]}`);
    expect(signBody(Buffer.from(body, 'utf8'), secret)).toBe(signBody(body, secret));
  });

  it('verifies only the exact body with the exact key', () => {
    const sig = signBody('{"a":1}', 'k');
    expect(verifySignature('{"a":1}', 'k', sig)).toBe(true);
    expect(verifySignature('{"a": 1}', 'k', sig)).toBe(false);
    expect(verifySignature('{"a":1}', 'K', sig)).toBe(false);
    expect(verifySignature('{"a":1}', 'k', undefined)).toBe(false);
    expect(verifySignature('{"a":1}', 'k', 'sha256=00')).toBe(false);
  });
});

describe('delivery headers', () => {
  it('sets Vigil headers, signs when a secret is set, and keeps configured ones that do not clash', () => {
    const h = deliveryHeaders({
      deliveryId: 'd-1',
      type: 'end',
      version: '1.2.3',
      body: '{"x":1}',
      secret: 'Jefe',
      extra: { Authorization: 'Bearer t', 'content-type': 'text/plain', 'X-Vigil-Delivery': 'forged', 'X-Custom': 'yes' },
    });
    expect(h).toEqual({
      Authorization: 'Bearer t',
      'X-Custom': 'yes',
      'Content-Type': 'application/json',
      'User-Agent': 'Vigil/1.2.3',
      'X-Vigil-Delivery': 'd-1',
      'X-Vigil-Event': 'end',
      'X-Vigil-Signature': signBody('{"x":1}', 'Jefe'),
    });
  });

  it('sends no signature without a secret', () => {
    expect(deliveryHeaders({ deliveryId: 'd', type: 'test', version: '1', body: '{}' })).not.toHaveProperty('X-Vigil-Signature');
  });

  it('refuses header names or values that HTTP cannot carry, naming the key', () => {
    expect(() => checkHeaders(2, { 'X-Ok': 'fine' })).not.toThrow();
    expect(() => checkHeaders(2, { 'Bad Header': 'x' })).toThrow(expect.objectContaining({ code: 'config_invalid', message: expect.stringContaining('webhooks.2.headers.Bad Header') }));
    expect(() => checkHeaders(0, { 'X-Evil': 'a\r\nInjected: 1' })).toThrow(expect.objectContaining({ code: 'config_invalid' }));
  });
});

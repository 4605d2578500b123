import { redactDeep, redactUrls } from '../../../server/src/lib/redact';
import { exponentialDelay, steppedDelay } from '../../../server/src/lib/backoff';

describe('redaction', () => {
  it.each([
    ['rtsp://user:secret@127.0.0.1:554/a', 'rtsp://user:***@127.0.0.1:554/a'],
    ['open rtsp://u:p@host/x failed; retry http://a:b@c/d', 'open rtsp://u:***@host/x failed; retry http://a:***@c/d'],
    ['rtsp://onlyuser@host/x', 'rtsp://onlyuser:***@host/x'],
    ['no url here', 'no url here'],
    ['http://127.0.0.1:8080/api', 'http://127.0.0.1:8080/api'],
    // Cameras that take their credentials in the query (many cheap MJPEG cameras).
    ['cannot open http://cam.lan/video.cgi?user=admin&pwd=S3CRET&res=high', 'cannot open http://cam.lan/video.cgi?user=***&pwd=***&res=high'],
    ['GET /ws?token=abc123 refused', 'GET /ws?token=*** refused'],
    ['rtsp://a:b@h/x?password=p#frag', 'rtsp://a:***@h/x?password=***#frag'],
    ['http://h/x?resolution=720&keyframe=1', 'http://h/x?resolution=720&keyframe=1'],
  ])('%s → %s', (input, out) => {
    expect(redactUrls(input)).toBe(out);
  });

  it('masks secret keys and headers deeply', () => {
    const out = redactDeep({ mqtt: { password: 'pw', user: 'u' }, webhooks: [{ url: 'http://x:y@h/', secret: 's', headers: { Authorization: 'Bearer t' } }] });
    expect(out).toEqual({ mqtt: { password: '***', user: 'u' }, webhooks: [{ url: 'http://x:***@h/', secret: '***', headers: { Authorization: '***' } }] });
  });
});

describe('backoff', () => {
  it('steps then repeats the last step', () => {
    const steps = [500, 1000, 2000, 5000, 10000];
    expect([0, 1, 2, 3, 4, 5, 50].map((a) => steppedDelay(a, steps))).toEqual([500, 1000, 2000, 5000, 10000, 10000, 10000]);
  });

  it('grows exponentially up to a cap', () => {
    expect([0, 1, 2, 10].map((a) => exponentialDelay(a, 1000, 60_000))).toEqual([1000, 2000, 4000, 60000]);
  });
});

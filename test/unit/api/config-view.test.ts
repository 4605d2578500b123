// The running config as /api/config shows it: no password, token, secret, URL credential or
// webhook path survives.
import { originOnly, redactConfig, redactUrlQuery } from '../../../server/src/api/config-view';

describe('redactUrlQuery', () => {
  it.each([
    ['rtsp://cam/live?user=admin&password=hunter2&channel=1', 'rtsp://cam/live?user=***&password=***&channel=1'],
    ['http://cam/mjpeg?token=abc#frag', 'http://cam/mjpeg?token=***#frag'],
    ['http://cam/video?pwd=x&api_key=y&resolution=720', 'http://cam/video?pwd=***&api_key=***&resolution=720'],
    ['file:///videos/a.mp4', 'file:///videos/a.mp4'],
    ['/dev/video0', '/dev/video0'],
    ['not a url ?password=x', 'not a url ?password=x'],
  ])('%s → %s', (input, want) => expect(redactUrlQuery(input)).toBe(want));
});

describe('originOnly', () => {
  it.each([
    ['https://hooks.slack.com/services/T0/B0/secret', 'https://hooks.slack.com/***'],
    ['http://ha.local:8123/', 'http://ha.local:8123'],
    ['http://ha.local:8123/api/webhook?x=1', 'http://ha.local:8123/***'],
    ['garbage', '***'],
  ])('%s → %s', (input, want) => expect(originOnly(input)).toBe(want));
});

describe('redactConfig', () => {
  it('masks secrets everywhere and leaves everything else', () => {
    const out = redactConfig({
      server: { port: 8080 },
      cameras: { front: { source: 'rtsp://admin:pw1@10.0.0.2/live?password=pw2', record_source: 'rtsp://u:pw3@10.0.0.2/main', detect: { fps: 5 } } },
      mqtt: { host: 'broker', user: 'vigil', password: 'pw4' },
      webhooks: [{ url: 'https://example.com/hook/pw5', secret: 'pw6', headers: { Authorization: 'Bearer pw7' } }],
    });
    const text = JSON.stringify(out);
    for (const s of ['pw1', 'pw2', 'pw3', 'pw4', 'pw5', 'pw6', 'pw7']) expect(text).not.toContain(s);
    expect(out).toEqual({
      server: { port: 8080 },
      cameras: { front: { source: 'rtsp://admin:***@10.0.0.2/live?password=***', record_source: 'rtsp://u:***@10.0.0.2/main', detect: { fps: 5 } } },
      mqtt: { host: 'broker', user: 'vigil', password: '***' },
      webhooks: [{ url: 'https://example.com/***', secret: '***', headers: { Authorization: '***' } }],
    });
  });
});

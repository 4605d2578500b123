import { mqttSchema, webhookSchema } from '../../../server/src/config/schema';

describe('webhook and mqtt config', () => {
  it.each([
    ['http://127.0.0.1:1880/hook', true],
    ['https://localhost/x', true],
    ['http://192.168.1.20:8123/api/webhook/abc', true],
    ['http://nodered.lan/', true],
    ['http://169.254.169.254/latest/meta-data', false],
    ['http://[fe80::1]/', false],
    ['http://metadata.google.internal/', false],
    ['ftp://192.168.1.2/', false],
    ['not a url', false],
  ])('url %s accepted: %s', (url, ok) => {
    expect(webhookSchema.safeParse({ url }).success).toBe(ok);
  });

  it('fills webhook defaults and bounds numbers', () => {
    expect(webhookSchema.parse({ url: 'http://127.0.0.1/' })).toEqual({
      url: 'http://127.0.0.1/',
      events: ['new', 'end', 'camera_offline', 'camera_online', 'disk_low', 'test'],
      cameras: [],
      labels: [],
      zones: [],
      min_score: 0,
      headers: {},
      timeout: 10,
      cooldown: 0,
      thumbnail: false,
    });
    expect(webhookSchema.safeParse({ url: 'http://127.0.0.1/', timeout: 0 }).success).toBe(false);
    expect(webhookSchema.safeParse({ url: 'http://127.0.0.1/', events: ['motion'] }).success).toBe(false);
    expect(webhookSchema.safeParse({ url: 'http://127.0.0.1/', retries: 3 }).success).toBe(false);
  });

  it('fills mqtt defaults and refuses wildcards in the prefix', () => {
    expect(mqttSchema.parse({ host: '127.0.0.1' })).toEqual({ enabled: true, host: '127.0.0.1', port: 1883, topic_prefix: 'vigil', stats_interval_s: 60 });
    expect(mqttSchema.safeParse({ host: 'h', topic_prefix: 'a/#' }).success).toBe(false);
  });
});

import { cameraBody, defaultBaseUrl, diskLowBody, eventBody, eventUrls, testBody } from '../../../server/src/notify/webhook-body';
import { eventMessage } from '../../helpers/event-message';

const ctx = { baseUrl: 'https://vigil.lan:8443/', version: '0.1.0', boxId: 'box-7', nowS: 1717200005.5 };

describe('webhook bodies', () => {
  it.each([
    [undefined, 'vigil', 8080, 'http://vigil:8080'],
    ['http://cams.example.lan:9000/', 'vigil', 8080, 'http://cams.example.lan:9000'],
    ['https://proxy.lan/vigil//', 'vigil', 8080, 'https://proxy.lan/vigil'],
    [undefined, 'fe80::1', 80, 'http://[fe80::1]:80'],
  ])('base URL from public_url %s, host %s, port %s', (pub, host, port, expected) => {
    expect(defaultBaseUrl(pub, host, port)).toBe(expected);
  });

  it('builds Frigate-like event fields with absolute links', () => {
    const m = eventMessage('end', { id: '1717200000.000000-abcdef', entered_zones: ['porch'], current_zones: ['yard'], has_clip: true, end_time: 1717200030 }, { end_time: null, has_clip: false });
    const b = eventBody(m, ctx, 'AAEC');
    expect(b).toEqual({
      type: 'end',
      time: 1717200005.5,
      event: {
        id: '1717200000.000000-abcdef',
        camera: 'front',
        label: 'person',
        sub_label: null,
        score: 0.81,
        top_score: 0.86,
        zones: ['porch', 'yard'],
        box: [100, 120, 180, 330],
        start_time: 1717200000,
        end_time: 1717200030,
        has_clip: true,
        has_snapshot: true,
      },
      before: m.before,
      after: m.after,
      snapshot_url: 'https://vigil.lan:8443/api/events/1717200000.000000-abcdef/snapshot.jpg',
      thumbnail_url: 'https://vigil.lan:8443/api/events/1717200000.000000-abcdef/thumbnail.jpg',
      clip_url: 'https://vigil.lan:8443/api/events/1717200000.000000-abcdef/clip.mp4',
      thumbnail: 'AAEC',
      vigil: { version: '0.1.0', box_id: 'box-7' },
    });
    expect(b.before.end_time).toBeNull();
  });

  it('leaves media links null until the event has them, and omits box_id and thumbnail when absent', () => {
    const b = eventBody(eventMessage('new', { has_snapshot: false, has_clip: false }), { ...ctx, boxId: null });
    expect([b.snapshot_url, b.clip_url, 'thumbnail' in b, b.vigil]).toEqual([null, null, false, { version: '0.1.0' }]);
  });

  it('escapes ids in links', () => {
    expect(eventUrls('http://h:1', 'a/b c').clip).toBe('http://h:1/api/events/a%2Fb%20c/clip.mp4');
  });

  it('builds camera-state bodies without source passwords', () => {
    const b = cameraBody('camera_offline', { camera: 'porch', state: 'offline', previous: 'online', reason: 'cannot open rtsp://admin:hunter2@10.0.0.5/live', time: 1 }, ctx);
    expect(b).toEqual({
      type: 'camera_offline',
      time: 1717200005.5,
      camera: 'porch',
      state: 'offline',
      previous: 'online',
      reason: 'cannot open rtsp://admin:***@10.0.0.5/live',
      latest_url: 'https://vigil.lan:8443/api/porch/latest.jpg',
      vigil: { version: '0.1.0', box_id: 'box-7' },
    });
  });

  it('builds disk-low and test bodies', () => {
    expect(diskLowBody({ free: 1_500_000_000, total: 64_000_000_000, floor: 2_000_000_000, time: 3 }, ctx)).toEqual({
      type: 'disk_low',
      time: 1717200005.5,
      disk: { free: 1_500_000_000, total: 64_000_000_000, floor: 2_000_000_000, free_percent: 2.3 },
      vigil: { version: '0.1.0', box_id: 'box-7' },
    });
    expect(testBody(2, ctx)).toMatchObject({ type: 'test', hook: 2, time: 1717200005.5, message: expect.stringContaining('Vigil') });
  });
});

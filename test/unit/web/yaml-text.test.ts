// The running configuration shown as YAML-like text.
import { yamlText } from '../../../web/src/format/yaml-text';

it('renders nested maps, inline lists, lists of maps and quoted strings', () => {
  const config = {
    server: { host: '127.0.0.1', port: 5000 },
    auth: { enabled: true },
    mqtt: { host: 'broker', password: '***' },
    cameras: {
      front: {
        source: 'rtsp://user:***@cam/stream',
        zones: { porch: { coordinates: [[0, 0], [10, 0], [10, 10]] } },
        objects: { track: ['person', 'car'] },
      },
    },
    webhooks: [{ url: 'http://hooks.local/x', events: ['new', 'end'] }],
    empty: {},
    nothing: null,
    tricky: ['yes', '', 'a: b', '42'],
  };
  expect(yamlText(config)).toBe(
    [
      'server:',
      '  host: 127.0.0.1',
      '  port: 5000',
      'auth:',
      '  enabled: true',
      'mqtt:',
      '  host: broker',
      '  password: "***"',
      'cameras:',
      '  front:',
      '    source: rtsp://user:***@cam/stream',
      '    zones:',
      '      porch:',
      '        coordinates: [[0, 0], [10, 0], [10, 10]]',
      '    objects:',
      '      track: [person, car]',
      'webhooks:',
      '  - url: http://hooks.local/x',
      '    events: [new, end]',
      'empty: {}',
      'nothing: null',
      'tricky: ["yes", "", "a: b", "42"]',
    ].join('\n'),
  );
});

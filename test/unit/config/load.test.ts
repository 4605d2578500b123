import { formatProblem, parseConfigText } from '../../../server/src/config/load';
import { resolveCamera } from '../../../server/src/config/schema';

const MINIMAL = `cameras:
  demo:
    source: file:///usr/share/doc/opencv-doc/examples/data/vtest.avi
  porch:
    source: rtsp://user:secret@127.0.0.1:8554/porch
    detect: { width: 1280, height: 720, fps: 5 }
`;

function problems(text: string, env: NodeJS.ProcessEnv = {}): string[] {
  const r = parseConfigText(text, env);
  if (r.ok) throw new Error('expected problems');
  return r.problems.map(formatProblem);
}

describe('config loading', () => {
  it('accepts the minimal two-camera file and fills defaults', () => {
    const r = parseConfigText(MINIMAL);
    if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
    expect(r.config.server.port).toBe(8080);
    expect(r.config.storage.path).toBe('./data');
    expect(r.config.cameras.demo?.detect.fps).toBe(5);
    expect(r.config.cameras.porch?.detect.width).toBe(1280);
    expect(r.config.objects.track).toEqual(['person', 'car', 'truck', 'bus', 'bicycle', 'motorcycle', 'dog', 'cat']);
  });

  it('applies VIGIL_PORT and VIGIL_DATA', () => {
    const r = parseConfigText(MINIMAL, { VIGIL_PORT: '9090', VIGIL_DATA: '/tmp/x' });
    if (!r.ok) throw new Error('invalid');
    expect(r.config.server.port).toBe(9090);
    expect(r.config.storage.path).toBe('/tmp/x');
  });

  it('names a bad environment value by variable', () => {
    expect(problems(MINIMAL, { VIGIL_PORT: 'eighty' })).toEqual(['server.port: expected number, got "eighty" (from environment VIGIL_PORT)']);
  });

  it('lists every problem with key path and line', () => {
    const text = [
      'server:', //                       1
      '  port: 99999', //                 2
      '  bogus: 1', //                    3
      'cameras:', //                      4
      '  Front Door:', //                 5
      '    source: ftp://x', //           6
      '  events:', //                     7
      '    source: file:///a.avi', //     8
      '    detect:', //                   9
      '      fps: 100', //                10
      '  ok:', //                         11
      '    source: rtsp://u:p@127.0.0.1/x', // 12
      '    motion:', //                   13
      '      threshold: high', //         14
      'webhooks:', //                     15
      '  - url: http://169.254.169.254/latest', // 16
    ].join('\n');
    expect(problems(text)).toEqual([
      'server.port: expected a value ≤ 65535 (line 2)',
      'server.bogus: unknown key (line 3)',
      'cameras.Front Door: invalid name: camera names use a-z, 0-9, _ and - (line 5)',
      'cameras.Front Door.source: unsupported source scheme "ftp" (use file, rtsp, http(s) or /dev/videoN) (line 6)',
      'cameras.events: invalid name: this name is reserved by the API (line 7)',
      'cameras.events.detect.fps: expected a value ≤ 30 (line 10)',
      'cameras.ok.motion.threshold: expected number, got "high" (line 14)',
      'webhooks.0.url: link-local and metadata addresses are refused (line 16)',
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const out = problems('cameras:\n  demo:\n    source: [unclosed\n');
    // The error names the entry it sits in, so a long file points at the right key.
    expect(out[0]).toMatch(/^cameras\.demo\.source(\.0)?: YAML: .*\(line \d+\)$/);
  });

  it('never echoes a secret value into a message', () => {
    const out = problems('mqtt: { host: x, password: 123456 }\nwebhooks:\n  - { url: "http://127.0.0.1/h", secret: 42, headers: { X-Key: 7 } }\ncameras:\n  a: { source: "file:///x.avi" }\n');
    expect(out).toEqual([
      'mqtt.password: expected string (the value is not shown: it is a secret) (line 1)',
      'webhooks.0.headers.X-Key: expected string (the value is not shown: it is a secret) (line 3)',
      'webhooks.0.secret: expected string (the value is not shown: it is a secret) (line 3)',
    ]);
    expect(out.join('\n')).not.toMatch(/123456|42|\b7\b/);
  });

  it('reports duplicate keys', () => {
    expect(problems('cameras:\n  a:\n    source: file:///x.avi\n  a:\n    source: file:///y.avi\n')).toEqual(['cameras.a: duplicate key (YAML) (line 4)']);
    expect(problems('server:\n  port: 1\n  port: 2\ncameras:\n  a: { source: "file:///x.avi" }\n')).toEqual(['server.port: duplicate key (YAML) (line 3)']);
  });

  it('requires at least one camera and a source', () => {
    expect(problems('cameras: {}\n')).toEqual(['cameras: at least one camera is needed (line 1)']);
    expect(problems('cameras:\n  a:\n    enabled: true\n')).toEqual(['cameras.a.source: required (expected string) (line 3)']);
  });

  it('merges global sections under camera overrides', () => {
    const r = parseConfigText(
      'motion:\n  threshold: 40\nobjects:\n  filters:\n    person: { min_area: 100 }\ncameras:\n  a:\n    source: file:///x.avi\n    motion: { contour_area: 20 }\n    objects:\n      filters:\n        person: { min_score: 0.6 }\n',
    );
    if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
    const cam = resolveCamera(r.config, 'a');
    expect(cam.motion.threshold).toBe(40);
    expect(cam.motion.contour_area).toBe(20);
    expect(cam.motion.frame_alpha).toBe(0.01);
    expect(cam.objects.filters.person).toMatchObject({ min_area: 100, min_score: 0.6, threshold: 0.7 });
  });

  it('parses polygons in both forms', () => {
    const r = parseConfigText('cameras:\n  a:\n    source: file:///x.avi\n    zones:\n      yard:\n        coordinates: "0,0,10,0,10,10"\n      drive:\n        coordinates: [[0.1, 0.1], [0.5, 0.1], [0.5, 0.5]]\n');
    if (!r.ok) throw new Error('invalid');
    expect(r.config.cameras.a?.zones.yard?.coordinates).toEqual([[0, 0], [10, 0], [10, 10]]);
    expect(r.config.cameras.a?.zones.drive?.inertia).toBe(3);
  });
});

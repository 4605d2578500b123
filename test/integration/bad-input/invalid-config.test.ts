// Invalid configs of many kinds through the real CLI: `vigil check-config` and `vigil start` both
// exit 2 and list every problem as `key.path: message (line N)` (or the environment variable it
// came from), and a refused start touches nothing: no data folder is created.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { VTEST, tempDir } from '../../helpers/fixtures';

jest.setTimeout(120_000);

const BIN = path.join(__dirname, '..', '..', '..', 'bin', 'vigil.js');
const CAM = `source: "file://${VTEST}"`;

interface Case {
  name: string;
  yaml: string;
  env?: Record<string, string>;
  /** check-config's stdout, line by line, in order. */
  problems: string[];
}

const CASES: Case[] = [
  {
    name: 'wrong types',
    yaml: `server:\n  port: eighty\ncameras:\n  demo:\n    ${CAM}\n    detect:\n      fps: fast\n      enabled: "yes"\n`,
    problems: ['server.port: expected number, got "eighty" (line 2)', 'cameras.demo.detect.fps: expected number, got "fast" (line 7)', 'cameras.demo.detect.enabled: expected boolean, got "yes" (line 8)'],
  },
  {
    name: 'unknown keys (a typo at the top, one inside a camera)',
    yaml: `camras:\n  demo: {}\ncameras:\n  demo:\n    ${CAM}\n    detect: { fsp: 5 }\n`,
    problems: ['camras: unknown key (line 1)', 'cameras.demo.detect.fsp: unknown key (line 6)'],
  },
  {
    name: 'bad URLs and numbers out of range',
    yaml: 'cameras:\n  a: { source: "ftp://cam.lan/stream" }\n  b: { source: "not a url" }\n  c: { source: "rtsp:///nohost" }\nwebhooks:\n  - url: file:///etc/passwd\n  - url: http://169.254.169.254/latest/meta-data\nmqtt: { host: broker.lan, port: 0 }\n',
    problems: [
      'cameras.a.source: unsupported source scheme "ftp" (use file, rtsp, http(s) or /dev/videoN) (line 2)',
      'cameras.b.source: expected a URL (file://, rtsp://, http(s)://) or a device path /dev/videoN (line 3)',
      'cameras.c.source: source URL needs a host (line 4)',
      'webhooks.0.url: only http and https URLs are allowed (line 6)',
      'webhooks.1.url: link-local and metadata addresses are refused (line 7)',
      'mqtt.port: expected a value ≥ 1 (line 8)',
    ],
  },
  {
    name: 'bad polygons and zone names',
    yaml: `cameras:\n  demo:\n    ${CAM}\n    motion:\n      mask: ["1,2,3"]\n    zones:\n      yard: { coordinates: "0,0,10,10" }\n      road: { coordinates: [[0, 0], [-5, 10], [10, 10]] }\n      Bad-Zone: { coordinates: "0,0,1,0,1,1" }\n    objects:\n      mask: ["a,b,c,d,e,f"]\n`,
    problems: [
      'cameras.demo.motion.mask.0: expected "x1,y1,x2,y2,..." with an even count of numbers (line 5)',
      'cameras.demo.zones.yard.coordinates: a polygon needs at least 3 points (line 7)',
      'cameras.demo.zones.road.coordinates: polygon coordinates must not be negative (line 8)',
      'cameras.demo.zones.Bad-Zone: invalid name: zone names use a-z, 0-9, _ and - (line 9)',
      'cameras.demo.objects.mask.0: expected "x1,y1,x2,y2,..." with an even count of numbers (line 11)',
    ],
  },
  {
    name: 'reserved and malformed camera names',
    yaml: `cameras:\n  events: { ${CAM} }\n  Front Door: { ${CAM} }\n  stats: { ${CAM} }\n`,
    problems: [
      'cameras.events: invalid name: this name is reserved by the API (line 2)',
      'cameras.Front Door: invalid name: camera names use a-z, 0-9, _ and - (line 3)',
      'cameras.stats: invalid name: this name is reserved by the API (line 4)',
    ],
  },
  {
    name: 'duplicate keys',
    yaml: `server:\n  port: 8080\n  port: 9090\ncameras:\n  demo: { ${CAM} }\n  demo: { ${CAM} }\n`,
    problems: ['server.port: duplicate key (YAML) (line 3)', 'cameras.demo: duplicate key (YAML) (line 6)'],
  },
  {
    name: 'YAML syntax',
    yaml: 'cameras:\n  demo: { source: "file://x"\n  other: [1, 2\n',
    problems: [
      'cameras.demo: YAML: Flow map in block collection must be sufficiently indented and end with a } (line 3)',
      'cameras.other.1: YAML: Flow sequence in block collection must be sufficiently indented and end with a ] (line 4)',
    ],
  },
  {
    name: 'tabs for indentation',
    yaml: 'cameras:\n\tdemo:\n\t\tsource: file:///x\n',
    problems: ['(root): YAML: Tabs are not allowed as indentation (line 2)', '(root): YAML: Tabs are not allowed as indentation (line 3)'],
  },
  {
    name: 'trusted proxies and webhook headers Node would refuse',
    yaml: `server:\n  trusted_proxies: [loopback, my-proxy, 10.0.0.0/99]\nwebhooks:\n  - url: http://127.0.0.1:9/h\n    headers: { "Bad Header": "x", X-Token: "a\\nb" }\ncameras:\n  demo: { ${CAM} }\n`,
    problems: [
      'server.trusted_proxies.1: "my-proxy" is not an IP address, a subnet (10.0.0.0/8) or one of loopback, linklocal, uniquelocal (line 2)',
      'server.trusted_proxies.2: "10.0.0.0/99" is not an IP address, a subnet (10.0.0.0/8) or one of loopback, linklocal, uniquelocal (line 2)',
      'webhooks.0.headers.Bad Header: Header name must be a valid HTTP token (line 5)',
      'webhooks.0.headers.X-Token: Invalid character in header content (line 5)',
    ],
  },
  {
    name: 'a port from the environment that is not a number',
    yaml: `cameras:\n  demo: { ${CAM} }\n`,
    env: { VIGIL_PORT: 'abc' },
    problems: ['server.port: expected number, got "abc" (from environment VIGIL_PORT)'],
  },
  {
    name: 'a port from the environment out of range, beside a bad file value',
    yaml: `storage: { max_gb: -1 }\ncameras:\n  demo: { ${CAM} }\n`,
    env: { VIGIL_PORT: '99999' },
    // Problems come in file order; those from the environment (no line) last.
    problems: ['storage.max_gb: expected a value ≥ 0 (line 1)', 'server.port: expected a value ≤ 65535 (from environment VIGIL_PORT)'],
  },
  { name: 'a list instead of a mapping', yaml: '- a\n- b\n', problems: ['(root): the config must be a YAML mapping (key: value) (line 1)'] },
  { name: 'no cameras', yaml: 'cameras: {}\n', problems: ['cameras: at least one camera is needed (line 1)'] },
  { name: 'an empty file', yaml: '', problems: ['cameras: required (expected record)'] },
];

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, VIGIL_PORT: '', VIGIL_CONFIG: '', ...env } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.once('error', reject);
    p.once('close', (code) => resolve({ code, out, err }));
  });
}

describe('invalid configs', () => {
  const dir = tempDir('badcfg');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(CASES.map((c, i) => [c.name, i] as const))('%s: check-config and start both refuse it with every problem listed', async (_name, i) => {
    const c = CASES[i]!;
    const file = path.join(dir, `case-${i}.yml`);
    fs.writeFileSync(file, c.yaml);
    const data = path.join(dir, `data-${i}`);
    const env = { VIGIL_DATA: data, ...c.env };
    const [check, start] = await Promise.all([run(['check-config', file], env), run(['start', '--config', file], env)]);

    expect(check.code).toBe(2);
    expect(check.out.trim().split('\n')).toEqual(c.problems);
    expect(check.err).toBe(`${c.problems.length} problem(s) in ${file}\n`);

    expect(start.code).toBe(2);
    expect(start.err.trim().split('\n')).toEqual([...c.problems, `vigil: invalid config ${file}`]);
    expect(start.out).toBe('');
    // A refused start opened nothing.
    expect(fs.existsSync(data)).toBe(false);
  });
});

// `vigil check-config` as a real process: exit codes and messages for valid and broken files.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/fixtures';

const BIN = path.join(__dirname, '..', '..', '..', 'bin', 'vigil.js');

function run(file: string, ...extra: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'check-config', file, ...extra], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('vigil check-config', () => {
  const dir = tempDir('cfg');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };

  it('accepts the minimal two-camera config', () => {
    const f = write('ok.yml', 'cameras:\n  demo:\n    source: file:///usr/share/doc/opencv-doc/examples/data/vtest.avi\n  porch:\n    source: rtsp://user:secret@127.0.0.1:8554/porch\n    detect: { width: 1280, height: 720, fps: 5 }\n');
    const r = run(f);
    expect(r.code).toBe(0);
    expect(r.out).toContain('valid (2 camera(s))');
    expect(r.out + r.err).not.toContain('secret');
  });

  it('lists every problem with key path and line and exits 2', () => {
    const f = write('bad.yml', 'cameras:\n  demo:\n    source: file:///x.avi\n    detect:\n      fps: 0\n    colour: red\nmqtt:\n  port: 70000\n');
    const r = run(f);
    expect(r.code).toBe(2);
    expect(r.out.trim().split('\n')).toEqual([
      'cameras.demo.detect.fps: expected a value > 0 (line 5)',
      'cameras.demo.colour: unknown key (line 6)',
      'mqtt.host: required (expected string) (line 8)',
      'mqtt.port: expected a value ≤ 65535 (line 8)',
    ]);
  });

  it('prints exactly one JSON document with --json', () => {
    const f = write('bad2.yml', 'cameras:\n  Bad Name:\n    source: file:///x.avi\n');
    const r = run(f, '--json');
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.out) as { valid: boolean; problems: Array<{ path: string; line: number }> };
    expect(doc.valid).toBe(false);
    expect(doc.problems).toEqual([{ path: 'cameras.Bad Name', message: 'invalid name: camera names use a-z, 0-9, _ and -', line: 2 }]);
  });

  it('accepts the example config shipped in config/', () => {
    const r = run(path.join(__dirname, '..', '..', '..', 'config', 'vigil.example.yml'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('fails clearly on a missing file', () => {
    const r = run(path.join(dir, 'missing.yml'));
    expect(r.code).toBe(2);
    expect(r.out).toContain('config file not found');
  });
});

// `vigil detect` as a user runs it: the compiled CLI in its own process (build first: npm test does).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '../../..');
const DATA = '/usr/share/doc/opencv-doc/examples/data';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function vigil(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/vigil.js'), 'detect', ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

interface Row {
  label: string;
  score: number;
  box: [number, number, number, number];
}

test('--json prints only a JSON array in image pixels, sorted by score, scores ≥ 0.4', async () => {
  const r = await vigil(`${DATA}/messi5.jpg`, '--json');
  expect(r.code).toBe(0);
  const rows = JSON.parse(r.stdout) as Row[];
  expect(rows.length).toBeGreaterThan(1);
  expect(rows.map((x) => x.score)).toEqual([...rows.map((x) => x.score)].sort((a, b) => b - a));
  expect(rows.every((x) => x.score >= 0.4 && x.box.length === 4 && x.box[2] <= 548 && x.box[3] <= 342)).toBe(true);
  expect(rows.some((x) => x.label === 'person' && x.score >= 0.5)).toBe(true);
  expect(rows.some((x) => x.label === 'sports ball')).toBe(true);
});

test('a readable table without --json; --min-score filters', async () => {
  const r = await vigil(`${DATA}/basketball1.png`, '--min-score', '0.5');
  expect(r.code).toBe(0);
  const lines = r.stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^label\s+score\s+x1\s+y1\s+x2\s+y2$/);
  // The two players; the ball (scored ~0.40 as a person) falls under 0.5.
  expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['person', 'person']);
});

test('a video frame with --frame', async () => {
  const r = await vigil(`${DATA}/vtest.avi`, '--frame', '200', '--json', '--min-score', '0.5');
  expect(r.code).toBe(0);
  // Seven people counted by eye on frame 200 (see test/integration/detect/nanodet-real.test.ts).
  expect((JSON.parse(r.stdout) as Row[]).filter((x) => x.label === 'person')).toHaveLength(7);
});

test('a bare ONNX model with --family and --size', async () => {
  const r = await vigil(`${DATA}/messi5.jpg`, '--json', '--model', 'models/nanodet-416.onnx', '--family', 'nanodet', '--size', '416x416');
  expect(r.code).toBe(0);
  expect((JSON.parse(r.stdout) as Row[]).some((x) => x.label === 'person' && x.score >= 0.5)).toBe(true);
});

test.each<[string, string[], RegExp]>([
  ['missing file', ['/nonexistent/picture.jpg', '--json'], /no such file: \/nonexistent\/picture\.jpg/],
  ['not an image', [path.join(ROOT, 'package.json'), '--json'], /cannot read .*package\.json as an image or a video/],
  ['frame past the end', [`${DATA}/tree.avi`, '--frame', '100000', '--json'], /has only \d+ frames/],
  ['bad model file', [`${DATA}/messi5.jpg`, '--model', 'package-lock.json'], /model manifest .* is invalid/],
  ['size that the model does not have', [`${DATA}/messi5.jpg`, '--model', 'models/nanodet-416.onnx', '--family', 'nanodet', '--size', '320x320'], /configured input size 320x320 differs/],
  ['bad option value', [`${DATA}/messi5.jpg`, '--min-score', 'high'], /--min-score must be a number/],
])('%s: exit 1, a clear message on stderr, nothing on stdout', async (_n, args, message) => {
  const r = await vigil(...args);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(message);
});

test('a truncated model file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-cli-'));
  try {
    const cut = path.join(dir, 'cut.onnx');
    const whole = fs.readFileSync(path.join(ROOT, 'models/nanodet-416.onnx'));
    fs.writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    const r = await vigil(`${DATA}/messi5.jpg`, '--model', cut, '--family', 'nanodet');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/onnxruntime cannot load .*cut\.onnx/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a corrupt image file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-cli-'));
  try {
    const bad = path.join(dir, 'broken.jpg');
    fs.writeFileSync(bad, Buffer.from('not really a jpeg'));
    const r = await vigil(bad, '--json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/cannot decode image .*broken\.jpg/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

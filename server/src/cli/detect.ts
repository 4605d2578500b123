// `vigil detect <image-or-video>`: runs the detector once on a whole image (or one video frame) and
// prints what it found, in the image's own pixels. OpenCV is loaded here in the CLI's one thread.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Mat } from '@u4/opencv4nodejs';
import type { Command } from '../cli';
import type { ModelConfig } from '../config/schema';
import { MODEL_FAMILIES } from '../config/schema';
import type { Detection } from '../contracts/domain';
import { Detector } from '../detect/detector';
import { resolveModel } from '../detect/model-resolve';
import { fullFrame, preprocessRegion } from '../detect/preprocess';
import { AppError, errorMessage, isAppError } from '../lib/errors';
import { loadOpenCV, type OpenCV } from '../lib/opencv';

const USAGE = 'vigil detect <image-or-video> [--frame N] [--json] [--min-score S] [--threads N] [--model PATH [--family F] [--size WxH] [--labels FILE]]';
const IMAGE_EXT = new Set(['.jpg', '.jpeg', '.png', '.bmp', '.webp', '.tif', '.tiff', '.pgm', '.ppm']);

export const detectCommand: Command = {
  summary: 'Detect objects in an image or a video frame; prints [{label, score, box: [x1, y1, x2, y2]}] sorted by score.',
  usage: USAGE,
  async run(argv) {
    try {
      const args = parse(argv);
      const model = await resolveModel(args.model);
      // OpenCV's own warnings (e.g. FFmpeg probing a non-video file) would repeat our error message.
      process.env.OPENCV_LOG_LEVEL ??= 'ERROR';
      const cv = loadOpenCV();
      const frame = readFrame(cv, args.file, args.frame);
      let detections: Detection[];
      try {
        const { data, letterbox } = preprocessRegion(cv, frame, fullFrame(frame), model.input);
        const detector = await Detector.create(model, { threads: args.threads, minScore: args.minScore, nmsIou: 0.5 });
        try {
          ({ detections } = await detector.run(data, letterbox, frame.cols, frame.rows, null));
        } finally {
          await detector.close();
        }
      } finally {
        (frame as unknown as { release(): void }).release();
      }
      const rounded = detections.map((d) => ({ label: d.label, score: round(d.score, 4), box: d.box.map((v) => round(v, 1)) }));
      process.stdout.write(args.json ? `${JSON.stringify(rounded)}\n` : table(rounded));
      return 0;
    } catch (e) {
      process.stderr.write(`vigil detect: ${errorMessage(e)}\n`);
      if (!isAppError(e)) process.stderr.write(`${USAGE}\n`);
      return 1;
    }
  },
};

interface DetectArgs {
  file: string;
  frame: number;
  json: boolean;
  minScore: number;
  threads: number;
  model: ModelConfig | undefined;
}

function parse(argv: string[]): DetectArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      frame: { type: 'string' },
      json: { type: 'boolean' },
      'min-score': { type: 'string' },
      threads: { type: 'string' },
      model: { type: 'string' },
      family: { type: 'string' },
      size: { type: 'string' },
      labels: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new AppError('bad_request', `expected exactly one image or video file\nusage: ${USAGE}`);
  const frame = intArg('--frame', values.frame ?? '0', 0);
  const minScore = Number(values['min-score'] ?? '0.4');
  if (!(minScore >= 0 && minScore <= 1)) throw new AppError('bad_request', `--min-score must be a number from 0 to 1 (got ${values['min-score']})`);
  const threads = values.threads === undefined ? Math.min(os.availableParallelism(), 4) : intArg('--threads', values.threads, 1);
  if (!values.model && (values.family || values.size || values.labels)) throw new AppError('bad_request', '--family, --size and --labels go with --model');
  let model: ModelConfig | undefined;
  if (values.model) {
    model = { path: values.model };
    if (values.family) {
      if (!(MODEL_FAMILIES as readonly string[]).includes(values.family)) throw new AppError('bad_request', `--family must be one of ${MODEL_FAMILIES.join(', ')}`);
      model.family = values.family as ModelConfig['family'];
    }
    if (values.size) {
      const m = /^(\d+)x(\d+)$/.exec(values.size);
      if (!m) throw new AppError('bad_request', `--size must look like 416x416 (got ${values.size})`);
      model.width = Number(m[1]);
      model.height = Number(m[2]);
    }
    if (values.labels) model.labels = values.labels;
  }
  return { file, frame, json: values.json ?? false, minScore, threads, model };
}

function intArg(name: string, v: string, min: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new AppError('bad_request', `${name} must be an integer ≥ ${min} (got ${v})`);
  return n;
}

/** The image, or frame `index` (0-based) of the video, as a BGR Mat. */
export function readFrame(cv: OpenCV, file: string, index: number): Mat {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new AppError('not_found', `no such file: ${file}`);
  if (IMAGE_EXT.has(path.extname(file).toLowerCase())) {
    if (index !== 0) throw new AppError('bad_request', '--frame applies to videos only');
    let img: Mat;
    try {
      img = cv.imread(file, cv.IMREAD_COLOR);
    } catch (e) {
      throw new AppError('unsupported', `cannot decode image ${file}: ${errorMessage(e)}`);
    }
    if (img.empty || img.rows === 0) throw new AppError('unsupported', `cannot decode image ${file}`);
    return img;
  }
  let cap;
  try {
    // FFmpeg, as camera capture uses: no GStreamer probing (and its warnings) for plain files.
    cap = new cv.VideoCapture(file, cv.CAP_FFMPEG);
  } catch (e) {
    throw new AppError('unsupported', `cannot read ${file} as an image or a video (${errorMessage(e)})`);
  }
  try {
    // Reading forward is exact for every codec; seeking is not (msmpeg4 in AVI lands on key frames).
    for (let i = 0; ; i++) {
      const f = cap.read();
      if (f.empty || f.rows === 0) {
        throw new AppError(i === 0 ? 'unsupported' : 'bad_request', i === 0 ? `cannot read ${file} as an image or a video (no frame decoded)` : `${file} has only ${i} frames (asked for frame ${index})`);
      }
      if (i === index) return f;
      (f as unknown as { release(): void }).release();
    }
  } finally {
    cap.release();
  }
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

function table(rows: { label: string; score: number; box: number[] }[]): string {
  if (rows.length === 0) return 'nothing found\n';
  const lines = rows.map((r) => `${r.label.padEnd(16)} ${r.score.toFixed(3).padStart(6)}   ${r.box.map((v) => v.toFixed(0).padStart(5)).join(' ')}`);
  return `${'label'.padEnd(16)} ${'score'.padStart(6)}   ${['x1', 'y1', 'x2', 'y2'].map((h) => h.padStart(5)).join(' ')}\n${lines.join('\n')}\n`;
}

// `vigil replay <video>`: runs a file through the live pipeline on the video's clock and reports
// the confirmed tracks (and events). Writes nothing unless --data is given.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../cli';
import { formatProblem, loadConfig, parseConfigText } from '../config/load';
import { resolveCamera, type VigilConfig } from '../config/schema';
import { errorMessage } from '../lib/errors';
import { createLogger } from '../lib/logger';
import { replayVideo, type ReplayResult } from '../pipeline/replay';
import { openDatabase, closeDatabase } from '../storage/database';
import { EventRepository } from '../storage/event.repository';
import { GapRepository } from '../storage/gap.repository';
import { SegmentRepository } from '../storage/segment.repository';

const USAGE = 'vigil replay <video> [--config PATH --camera NAME] [--data DIR] [--json] [--trace FILE.jsonl]';

export const replayCommand: Command = {
  summary: 'Run a video file through motion, detection, tracking and events, as fast as the machine allows.',
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { config: { type: 'string' }, camera: { type: 'string' }, data: { type: 'string' }, json: { type: 'boolean' }, verbose: { type: 'boolean' }, trace: { type: 'string' } },
    });
    const file = positionals[0];
    if (!file || positionals.length !== 1) {
      process.stderr.write(`usage: ${USAGE}\n`);
      return 2;
    }
    const video = path.resolve(file);
    if (!fs.existsSync(video)) {
      process.stderr.write(`vigil replay: no such file: ${video}\n`);
      return 1;
    }
    const config = configFor(values.config, video);
    if (!config) return 2;
    const names = Object.keys(config.cameras);
    const name = values.camera ?? names[0]!;
    if (!config.cameras[name]) {
      process.stderr.write(`vigil replay: no camera "${name}" in the config (cameras: ${names.join(', ')})\n`);
      return 2;
    }
    const cam = { ...resolveCamera(config, name), source: `file://${video}` };
    const log = createLogger({ level: values.verbose ? 'debug' : 'warn' });
    let closeDb: (() => void) | null = null;
    try {
      let store = null;
      if (values.data) {
        const dataDir = path.resolve(values.data);
        const { db } = openDatabase({ dataDir, log });
        closeDb = () => closeDatabase(db);
        store = { events: new EventRepository(db), segments: new SegmentRepository(db), gaps: new GapRepository(db), dataDir };
      }
      const result = await replayVideo({
        cam,
        detector: config.detector,
        log,
        store,
        epochMs: values.data ? Date.now() : 0,
        maxStationaryS: config.events.max_stationary_s,
        maxEventS: config.events.max_event_s,
        trace: values.trace ? traceWriter(values.trace) : undefined,
      });
      process.stdout.write(values.json ? `${JSON.stringify(toJson(result))}\n` : summary(result));
      return 0;
    } catch (e) {
      process.stderr.write(`vigil replay: ${errorMessage(e)}\n`);
      return 1;
    } finally {
      closeDb?.();
    }
  },
};

/** JSON lines, one per processed frame, for looking at what the tracker did. */
function traceWriter(file: string): (line: object) => void {
  const fd = fs.openSync(file, 'w');
  return (line) => fs.writeSync(fd, `${JSON.stringify(line)}\n`);
}

function configFor(file: string | undefined, video: string): VigilConfig | null {
  if (file) {
    const res = loadConfig(file, {});
    if (res.ok) return res.config;
    for (const p of res.problems) process.stderr.write(`${formatProblem(p)}\n`);
    return null;
  }
  const res = parseConfigText(`cameras:\n  replay:\n    source: ${JSON.stringify(`file://${video}`)}\n`);
  return res.ok ? res.config : null;
}

function toJson(r: ReplayResult) {
  return {
    frames: r.frames,
    seconds: r.seconds,
    processedFrames: r.processedFrames,
    motionFrames: r.motionFrames,
    detectorCalls: r.detectorCalls,
    tracks: r.tracks,
    events: r.events,
  };
}

function summary(r: ReplayResult): string {
  const lines = [
    `${r.frames} frames (${r.seconds.toFixed(1)} s), ${r.processedFrames} processed, motion on ${r.motionFrames}, ${r.detectorCalls} detector calls`,
    `${r.tracks.length} confirmed track(s):`,
    ...r.tracks.map((t) => `  ${t.id}  ${t.label.padEnd(10)} frames ${t.firstFrame}-${t.lastFrame}  top ${t.topScore.toFixed(2)}${t.stationary ? '  stationary' : ''}${t.zones.length ? `  zones ${t.zones.join(',')}` : ''}`),
    `${r.events.filter((e) => e.type === 'new').length} event(s)`,
  ];
  return `${lines.join('\n')}\n`;
}

// The ffmpeg command lines of recording, in one place so they can be read and table-tested:
// stream copy of an RTSP camera, and the H.264 encoder fed raw frames by a capture child.
// Both write the same segments: temp files in a run folder plus a CSV list of finished ones.
import path from 'node:path';
import type { EncoderSpec } from '../contracts/worker-protocol';
import { TEMP_SUFFIX } from '../lib/media-paths';

export type EncoderPreset = 'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium';

/** Files of one recording run (one ffmpeg process): never indexed until renamed. */
export interface RunFiles {
  dir: string;
  /** CSV lines `file,start,end` appended by the segment muxer after each segment is closed. */
  listFile: string;
  /** Segment file pattern (`%05d` numbered), ends with the temp suffix. */
  pattern: string;
}

export const SEGMENT_LIST_FILE = 'segments.csv';

export function runFiles(dir: string): RunFiles {
  return { dir, listFile: path.join(dir, SEGMENT_LIST_FILE), pattern: path.join(dir, `seg%05d.mp4${TEMP_SUFFIX}`) };
}

/**
 * How the CSV times of a run map to epoch seconds.
 * - `offset`: times start at 0 and `epoch` (seconds) is added: ffmpeg subtracts the input's first
 *   timestamp, which is a wall-clock time for RTSP (read from ffmpeg's input dump) or the replay base.
 * - `epoch`: `-copyts` keeps wall-clock times, so the list holds epoch seconds (but ffmpeg 5.1 writes
 *   0 as the first segment's start and leaves that segment's own timestamps absolute).
 */
export type RunTimeBase = { kind: 'offset'; epoch: number | null } | { kind: 'epoch' };

export interface SegmentMuxerOptions {
  segmentSeconds: number;
  files: RunFiles;
  /** Wall-clock (epoch) timestamps are kept: segments are then cut on wall-clock boundaries. */
  absolute: boolean;
}

/**
 * The segment muxer. With absolute timestamps the muxer's own cut points (multiples of
 * segment_time from 0) would all lie in the past, so cuts follow the wall clock instead.
 * faststart moves each segment's index to the front so a browser can play it while loading.
 */
export function segmentMuxerArgs(o: SegmentMuxerOptions): string[] {
  return [
    ...(o.absolute ? ['-copyts'] : []),
    '-f', 'segment',
    '-segment_time', String(o.segmentSeconds),
    ...(o.absolute ? ['-segment_atclocktime', '1'] : []),
    '-reset_timestamps', '1',
    '-segment_format', 'mp4',
    '-segment_format_options', 'movflags=+faststart',
    '-segment_list', o.files.listFile,
    '-segment_list_type', 'csv',
    o.files.pattern,
  ];
}

export interface CopyRecorderOptions {
  url: string;
  rtspTransport: 'tcp' | 'udp';
  segmentSeconds: number;
  files: RunFiles;
}

/** Seconds of silence from the camera before ffmpeg gives up (its -timeout is in microseconds). */
export const COPY_IO_TIMEOUT_S = 10;

/**
 * `ffmpeg -c copy` of an RTSP camera's video: packets are written as received, never decoded.
 * Info-level logging is kept (without the per-second stats line) because the input dump carries
 * the wall-clock `start:` the segment times are offsets from, and the stream mapping proves `(copy)`.
 */
export function copyRecorderArgs(o: CopyRecorderOptions): { args: string[]; timeBase: RunTimeBase } {
  const rtsp = /^rtsps?:/i.test(o.url);
  const args = [
    '-hide_banner', '-nostats', '-loglevel', 'info',
    ...(rtsp ? ['-rtsp_transport', o.rtspTransport, '-timeout', String(COPY_IO_TIMEOUT_S * 1_000_000)] : []),
    '-use_wallclock_as_timestamps', '1',
    '-i', o.url,
    '-map', '0:v:0', '-c', 'copy',
    ...segmentMuxerArgs({ segmentSeconds: o.segmentSeconds, files: o.files, absolute: false }),
  ];
  return { args, timeBase: { kind: 'offset', epoch: null } };
}

export interface EncoderRecorderOptions {
  preset: EncoderPreset;
  /** Frames per second of the source (sets the keyframe interval, and the clock in replay). */
  fps: number;
  segmentSeconds: number;
  files: RunFiles;
  /** Null for live (wall-clock timestamps); epoch ms of the first frame for replay. */
  replayEpochMs: number | null;
}

/** Keyframes about every 2 s: clips are cut on keyframes, so this bounds their extra lead-in. */
export function keyframeInterval(fps: number): number {
  return Math.max(1, Math.round(2 * fps));
}

/**
 * The H.264 encoder behind EncoderSink (which adds the raw-video input). Live: wall-clock frame
 * times, kept to the millisecond (`-enc_time_base -1` keeps the input's 1 ms time base,
 * `-fps_mode vfr` keeps frame times as they came instead of duplicating to a constant rate).
 * Replay: frame-count times from 0 and the replay base added when indexing.
 */
export function encoderRecorderSpec(o: EncoderRecorderOptions): { spec: EncoderSpec; timeBase: RunTimeBase } {
  const live = o.replayEpochMs === null;
  const outputArgs = [
    '-map', '0:v', '-c:v', 'libx264', '-preset', o.preset, '-pix_fmt', 'yuv420p',
    '-g', String(keyframeInterval(o.fps)), '-bf', '0',
    ...(live ? ['-fps_mode', 'vfr', '-enc_time_base', '-1'] : []),
    ...segmentMuxerArgs({ segmentSeconds: o.segmentSeconds, files: o.files, absolute: live }),
  ];
  return {
    spec: { outputArgs, wallclock: live, fps: o.fps },
    timeBase: live ? { kind: 'epoch' } : { kind: 'offset', epoch: (o.replayEpochMs as number) / 1000 },
  };
}

/** The watchdog limit: no new segment for this long while the camera is online means a stuck recorder. */
export function watchdogMs(segmentSeconds: number): number {
  return Math.max(120, 2 * segmentSeconds + 30) * 1000;
}

// Where media lives under the data folder, and the naming scheme that lets reconciliation index a
// segment file from its name alone (see storage/README.md). All database paths are relative.
import path from 'node:path';
import { AppError } from './errors';

export const RECORDINGS_DIR = 'recordings';
export const EVENTS_DIR = 'events';

/** Files still being written carry this suffix; they are never indexed. */
export const TEMP_SUFFIX = '.tmp';

const CAMERA = /^[a-z0-9_-]+$/;
const SEGMENT_FILE = /^(\d{2})\.(\d{2})\.(\d{2})-(\d+)-(\d+)\.mp4$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
export type EventMediaFile = 'snapshot.jpg' | 'clip.mp4';

export interface ParsedSegmentPath {
  camera: string;
  /** Epoch seconds. */
  start: number;
  end: number;
  duration: number;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function utcDay(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function utcClock(d: Date): string {
  return `${pad(d.getUTCHours())}.${pad(d.getUTCMinutes())}.${pad(d.getUTCSeconds())}`;
}

function checkCamera(camera: string): void {
  if (!CAMERA.test(camera)) throw new AppError('bad_request', `invalid camera name for a media path: ${JSON.stringify(camera)}`);
}

/**
 * `recordings/<camera>/<YYYY-MM-DD>/<HH.MM.SS>-<start epoch ms>-<duration ms>.mp4`, UTC.
 * The readable parts are for people browsing the folder; the numbers are what gets parsed.
 */
export function segmentPath(camera: string, startMs: number, durationMs: number): string {
  checkCamera(camera);
  if (!Number.isFinite(startMs) || startMs < 0 || !Number.isFinite(durationMs) || durationMs < 0) {
    throw new AppError('bad_request', `invalid segment time ${startMs}+${durationMs} ms`);
  }
  const s = Math.round(startMs);
  const d = new Date(s);
  return [RECORDINGS_DIR, camera, utcDay(d), `${utcClock(d)}-${s}-${Math.round(durationMs)}.mp4`].join('/');
}

/** The times of a complete segment from its relative path; null when the name does not follow the scheme. */
export function parseSegmentPath(rel: string): ParsedSegmentPath | null {
  const parts = rel.split('/');
  if (parts.length !== 4 || parts[0] !== RECORDINGS_DIR) return null;
  const [, camera, day, file] = parts as [string, string, string, string];
  if (!CAMERA.test(camera) || !DAY.test(day)) return null;
  const m = SEGMENT_FILE.exec(file);
  if (!m) return null;
  const startMs = Number(m[4]);
  const durationMs = Number(m[5]);
  const d = new Date(startMs);
  // The readable parts must agree with the number, or the file was not written by us.
  if (utcDay(d) !== day || utcClock(d) !== `${m[1]}.${m[2]}.${m[3]}`) return null;
  return { camera, start: startMs / 1000, end: (startMs + durationMs) / 1000, duration: durationMs / 1000 };
}

/** `events/<camera>/<event id>/<file>`: an event's own media, deleted with the event. */
export function eventMediaPath(camera: string, eventId: string, file: EventMediaFile): string {
  checkCamera(camera);
  if (!/^[0-9.]+-[a-z0-9]+$/.test(eventId)) throw new AppError('bad_request', `invalid event id for a media path: ${JSON.stringify(eventId)}`);
  return [EVENTS_DIR, camera, eventId, file].join('/');
}

/** The event folder an event media path belongs to, or null. */
export function parseEventMediaPath(rel: string): { camera: string; eventId: string; file: string } | null {
  const parts = rel.split('/');
  if (parts.length !== 4 || parts[0] !== EVENTS_DIR) return null;
  const [, camera, eventId, file] = parts as [string, string, string, string];
  if (!CAMERA.test(camera) || eventId === '' || file === '') return null;
  return { camera, eventId, file };
}

export function isTempFile(name: string): boolean {
  return name.endsWith(TEMP_SUFFIX);
}

/** Absolute path of a stored relative path; refuses anything that would leave the data folder. */
export function resolveMediaPath(dataDir: string, rel: string): string {
  if (rel === '' || path.isAbsolute(rel) || rel.includes('\\') || rel.split('/').some((p) => p === '..' || p === '.' || p === '')) {
    throw new AppError('bad_request', `media path must be relative to the data folder: ${JSON.stringify(rel)}`);
  }
  return path.join(dataDir, ...rel.split('/'));
}

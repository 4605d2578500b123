// Checks that a Vigil data folder is consistent: the database is intact, every row's file exists
// (and is complete), every media file has its row, nothing temporary is referenced.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export interface EventRow {
  id: string;
  camera: string;
  label: string;
  start_time: number;
  end_time: number | null;
  last_seen: number;
  has_clip: number;
  has_snapshot: number;
  retain: number;
  snapshot_path: string | null;
  clip_path: string | null;
}

export interface SegmentRow {
  id: number;
  camera: string;
  path: string;
  start_time: number;
  end_time: number;
  bytes: number;
}

export interface GapRow {
  camera: string;
  start_time: number;
  end_time: number | null;
  reason: string;
}

export function readBox(dataDir: string): { events: EventRow[]; segments: SegmentRow[]; gaps: GapRow[]; integrity: string } {
  const db = new Database(path.join(dataDir, 'vigil.db'), { readonly: true, fileMustExist: true });
  try {
    return {
      events: db.prepare('SELECT id, camera, label, start_time, end_time, last_seen, has_clip, has_snapshot, retain, snapshot_path, clip_path FROM events ORDER BY start_time').all() as EventRow[],
      segments: db.prepare('SELECT id, camera, path, start_time, end_time, bytes FROM recording_segments ORDER BY start_time').all() as SegmentRow[],
      gaps: db.prepare('SELECT camera, start_time, end_time, reason FROM recording_gaps ORDER BY start_time').all() as GapRow[],
      integrity: db.pragma('integrity_check', { simple: true }) as string,
    };
  } finally {
    db.close();
  }
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

export function probeDuration(file: string): { codec: string; duration: number } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name:format=duration', '-of', 'json', file], { encoding: 'utf8' });
  const j = JSON.parse(out) as { streams: { codec_name: string }[]; format: { duration: string } };
  return { codec: j.streams[0]?.codec_name ?? 'none', duration: Number(j.format.duration) };
}

/**
 * Problems seen in two passes a moment apart: a running box links a segment file just before it
 * inserts its row, and deletes a row just before the file, so a single look can catch that instant.
 */
export async function stableProblems(dataDir: string, opts: { probeClips?: boolean } = {}): Promise<string[]> {
  const first = consistencyProblems(dataDir, opts);
  if (first.length === 0) return first;
  await new Promise((r) => setTimeout(r, 1500));
  const second = new Set(consistencyProblems(dataDir, opts));
  return first.filter((p) => second.has(p));
}

/** Every problem found; an empty list means consistent. */
export function consistencyProblems(dataDir: string, opts: { probeClips?: boolean } = {}): string[] {
  const problems: string[] = [];
  const box = readBox(dataDir);
  if (box.integrity !== 'ok') problems.push(`integrity_check: ${box.integrity}`);
  const referenced = new Set<string>();
  for (const e of box.events) {
    for (const [flag, rel] of [[e.has_snapshot, e.snapshot_path], [e.has_clip, e.clip_path]] as const) {
      if (!flag) continue;
      if (!rel) {
        problems.push(`event ${e.id}: flag set without a path`);
        continue;
      }
      referenced.add(rel);
      const abs = path.join(dataDir, rel);
      if (!fs.existsSync(abs)) problems.push(`event ${e.id}: missing ${rel}`);
      else if (rel.endsWith('.tmp')) problems.push(`event ${e.id}: references a temp file ${rel}`);
    }
    if (opts.probeClips && e.has_clip && e.clip_path && fs.existsSync(path.join(dataDir, e.clip_path))) {
      try {
        const p = probeDuration(path.join(dataDir, e.clip_path));
        if (p.codec !== 'h264' || !(p.duration > 0)) problems.push(`event ${e.id}: clip is ${p.codec}, ${p.duration} s`);
      } catch (err) {
        problems.push(`event ${e.id}: clip unreadable: ${String(err)}`);
      }
    }
  }
  for (const s of box.segments) {
    referenced.add(s.path);
    const abs = path.join(dataDir, s.path);
    if (!fs.existsSync(abs)) problems.push(`segment ${s.id}: missing ${s.path}`);
    else if (fs.statSync(abs).size !== s.bytes) problems.push(`segment ${s.id}: ${fs.statSync(abs).size} bytes on disk, ${s.bytes} in the row`);
  }
  for (const f of walk(path.join(dataDir, 'recordings'))) {
    const rel = path.relative(dataDir, f).split(path.sep).join('/');
    if (!referenced.has(rel)) problems.push(`file without a row: ${rel}`);
  }
  return problems;
}

/** ffmpeg processes writing into this data folder (recorders), with their parent pid. */
export function recorderProcesses(dataDir: string): Array<{ pid: number; ppid: number; cmd: string }> {
  const out: Array<{ pid: number; ppid: number; cmd: string }> = [];
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').join(' ');
      if (!cmd.startsWith('ffmpeg') || !cmd.includes(dataDir)) continue;
      const ppid = parentOf(Number(p));
      if (ppid !== null) out.push({ pid: Number(p), ppid, cmd });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** The parent of a process, or null once it has gone. */
export function parentOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** True when `pid` is `root` or runs under it (a piped encoder's parent is a capture process). */
export function descendsFrom(pid: number, root: number): boolean {
  for (let p: number | null = pid; p !== null && p > 1; p = parentOf(p)) if (p === root) return true;
  return false;
}

/** CPU seconds (user + system) a process has used. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

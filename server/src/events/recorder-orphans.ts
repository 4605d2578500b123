// Crash safety of recording. Each run writes into its own folder under `<data>/run/recorder/`, and
// each ffmpeg the main process spawns leaves a pidfile in `<data>/run/`. After a crash, a new
// recorder kills what is still writing there (only after /proc shows it really is that ffmpeg)
// and removes the temp files, so orphans never write beside new recorders.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../lib/logger';

export const RUN_DIR = 'run';

/** `<data>/run/recorder/<camera>`: the run folders of one camera. */
export function cameraRunsDir(dataDir: string, camera: string): string {
  return path.join(dataDir, RUN_DIR, 'recorder', camera);
}

/** A fresh run folder path (not created). Names sort by start time. */
export function newRunDir(dataDir: string, camera: string, nowMs: number): string {
  return path.join(cameraRunsDir(dataDir, camera), `${nowMs}-${randomBytes(3).toString('hex')}`);
}

export interface PidFile {
  pid: number;
  camera: string;
  /** The run folder: the signature looked for in the process's command line. */
  dir: string;
  startedAt: number;
}

function pidFilePath(dataDir: string, camera: string, dir: string): string {
  return path.join(dataDir, RUN_DIR, `recorder-${camera}-${path.basename(dir)}.pid`);
}

export function writePidFile(dataDir: string, info: PidFile): string {
  const file = pidFilePath(dataDir, info.camera, info.dir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(info));
  return file;
}

export function removePidFile(file: string): void {
  fs.rmSync(file, { force: true });
}

/** A process's argv from /proc; null when it is gone (or a zombie, whose cmdline is empty). */
export function readCmdline(pid: number): string[] | null {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (raw === '') return null;
    return raw.replace(/\0$/, '').split('\0');
  } catch {
    return null;
  }
}

/** Is this command line an ffmpeg writing into `dir` (a recorder run folder)? */
export function isRecorderCommand(argv: readonly string[], dir: string): boolean {
  const exe = path.basename(argv[0] ?? '');
  if (!/^ffmpeg(\.\w+)?$/.test(exe)) return false;
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return argv.some((a) => a.startsWith(prefix));
}

/** Live ffmpeg processes writing into each of `dirs` (one scan of /proc). */
export function recorderProcesses(dirs: readonly string[]): Map<string, number[]> {
  const out = new Map<string, number[]>(dirs.map((d) => [d, []]));
  if (dirs.length === 0) return out;
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return out;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    const argv = readCmdline(pid);
    if (!argv) continue;
    for (const d of dirs) if (isRecorderCommand(argv, d)) out.get(d)?.push(pid);
  }
  return out;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** SIGKILL `pid` if it still is the recorder of `dir`; resolves once it is gone (or `timeoutMs`). */
export async function killRecorder(pid: number, dir: string, timeoutMs = 5000): Promise<boolean> {
  const argv = readCmdline(pid);
  if (!argv || !isRecorderCommand(argv, dir)) return false;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return false;
  }
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const now = readCmdline(pid);
    if (!now || !isRecorderCommand(now, dir)) return true;
    await sleep(50);
  }
  return false;
}

export interface ReapReport {
  /** Pids of orphan ffmpeg processes that were killed. */
  killed: number[];
  /** Pidfiles whose process was gone or was something else (left alone). */
  stalePidFiles: number;
  /** Run folders removed with their temp files. */
  removedRuns: number;
}

function readPidFiles(dataDir: string, camera: string): { file: string; info: PidFile }[] {
  const dir = path.join(dataDir, RUN_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: { file: string; info: PidFile }[] = [];
  for (const n of names) {
    if (!n.startsWith(`recorder-${camera}-`) || !n.endsWith('.pid')) continue;
    const file = path.join(dir, n);
    try {
      const info = JSON.parse(fs.readFileSync(file, 'utf8')) as PidFile;
      if (info.camera === camera && Number.isInteger(info.pid) && typeof info.dir === 'string') out.push({ file, info });
      else removePidFile(file);
    } catch {
      removePidFile(file);
    }
  }
  return out;
}

/**
 * Before a camera's recorder starts: kill the ffmpeg processes a crashed Vigil left writing for
 * this camera (pidfiles first, then anything still writing into its run folders), then remove
 * those run folders. A pidfile whose pid now belongs to another program is only deleted.
 */
export async function reapOrphans(dataDir: string, camera: string, log: Logger): Promise<ReapReport> {
  const report: ReapReport = { killed: [], stalePidFiles: 0, removedRuns: 0 };
  const runsDir = cameraRunsDir(dataDir, camera);
  for (const { file, info } of readPidFiles(dataDir, camera)) {
    // The signature must be one of this camera's run folders, never an arbitrary path.
    const inside = path.dirname(path.resolve(info.dir)) === path.resolve(runsDir);
    if (inside && (await killRecorder(info.pid, path.resolve(info.dir)))) {
      report.killed.push(info.pid);
      log.warn({ pid: info.pid }, 'killed an orphan recorder ffmpeg left by a previous run');
    } else {
      report.stalePidFiles++;
    }
    removePidFile(file);
  }
  let runs: string[];
  try {
    runs = fs.readdirSync(runsDir).map((n) => path.join(runsDir, n));
  } catch {
    runs = [];
  }
  const writers = recorderProcesses(runs);
  for (const dir of runs) {
    for (const pid of writers.get(dir) ?? []) {
      if (await killRecorder(pid, dir)) {
        report.killed.push(pid);
        log.warn({ pid }, 'killed an orphan encoder still writing into an old run folder');
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
    report.removedRuns++;
  }
  return report;
}

// Reads a process tree from /proc: every descendant of the Vigil process with a stable label
// (vigil, capture:<camera>, ffmpeg:<camera>), its resident memory, open file descriptors and CPU
// time. Linux only; a process that ends while it is read is skipped.
import fs from 'node:fs';

export interface ProcessSample {
  pid: number;
  ppid: number;
  label: string;
  rssBytes: number;
  fds: number;
  /** CPU seconds (user + system) since the process started. */
  cpuS: number;
}

const TICKS = 100; // USER_HZ

function readStat(pid: number): { ppid: number; cpuS: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), cpuS: (Number(f[11]) + Number(f[12])) / TICKS };
  } catch {
    return null;
  }
}

function rssOf(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function fdsOf(pid: number): number {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
}

/** A name that survives restarts: the role of the process and its camera. */
export function labelOf(cmdline: string[], isRoot: boolean): string {
  if (isRoot) return 'vigil';
  const script = cmdline.find((a) => a.endsWith('capture.process.js'));
  if (script) return `capture:${cmdline[cmdline.indexOf(script) + 1] ?? '?'}`;
  const exe = (cmdline[0] ?? '').split('/').pop() ?? '';
  const run = cmdline.map((a) => /\/run\/recorder\/([^/]+)\//.exec(a)?.[1]).find(Boolean);
  if (exe === 'ffmpeg' && run) return `ffmpeg:${run}`;
  return exe || '?';
}

/** The root process and all its descendants, now. */
export function sampleTree(rootPid: number): ProcessSample[] {
  const parents = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) parents.set(Number(name), s.ppid);
  }
  const tree = new Set<number>([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  const out: ProcessSample[] = [];
  for (const pid of tree) {
    const stat = readStat(pid);
    if (!stat) continue;
    let cmd: string[];
    try {
      cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    } catch {
      continue;
    }
    out.push({ pid, ppid: stat.ppid, label: labelOf(cmd, pid === rootPid), rssBytes: rssOf(pid), fds: fdsOf(pid), cpuS: stat.cpuS });
  }
  return out;
}

// CPU time and memory of a process and all its descendants from /proc (Linux): what a benchmark
// charges to Vigil is the whole tree (main process with its detector threads, capture children,
// recorder ffmpeg processes), sampled periodically so processes that come and go are counted.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const TICKS_PER_S = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

export interface ProcInfo {
  pid: number;
  ppid: number;
  /** Executable name (comm), e.g. "node", "ffmpeg". */
  name: string;
  /** Command line joined by spaces. */
  cmd: string;
  /** User + system CPU seconds of the process itself (not of waited-for children). */
  cpuS: number;
  rssBytes: number;
}

/**
 * Proportional set size: resident memory with pages shared between processes (the node binary,
 * OpenCV's and ffmpeg's libraries in every capture child) divided among them, so a sum over the
 * tree is the memory the tree really uses. RSS sums count shared pages once per process.
 */
export function pssBytes(pid: number): number {
  try {
    const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

export function readProc(pid: number): ProcInfo | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    // Fields after the ")": state is field 3, so field n is at index n - 3.
    const f = stat.slice(close + 2).split(' ');
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return {
      pid,
      ppid: Number(f[1]),
      name: stat.slice(open + 1, close),
      cmd,
      cpuS: (Number(f[11]) + Number(f[12])) / TICKS_PER_S,
      rssBytes: rssKb * 1024,
    };
  } catch {
    return null; // gone between listing and reading
  }
}

/** The process and every descendant alive now. */
export function processTree(root: number): ProcInfo[] {
  const all: ProcInfo[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const p = readProc(Number(entry));
    if (p) all.push(p);
  }
  const byParent = new Map<number, ProcInfo[]>();
  for (const p of all) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const out: ProcInfo[] = [];
  const rootInfo = all.find((p) => p.pid === root);
  if (!rootInfo) return out;
  const stack = [rootInfo];
  while (stack.length > 0) {
    const p = stack.pop() as ProcInfo;
    out.push(p);
    stack.push(...(byParent.get(p.pid) ?? []));
  }
  return out;
}

/** What a process is in Vigil's tree, for per-role figures: the main process (with its detector
 * threads), capture children, their ffmpeg decoders, and the recorders' ffmpeg processes. */
export type Role = 'main' | 'capture' | 'decoder' | 'recorder' | 'other';
export const ROLES: readonly Role[] = ['main', 'capture', 'decoder', 'recorder', 'other'];

export function roleOf(p: ProcInfo, root: number, parentRole: Role | null): Role {
  if (p.pid === root) return 'main';
  if (p.cmd.includes('capture.process')) return 'capture';
  if (p.name === 'ffmpeg') return parentRole === 'capture' ? 'decoder' : 'recorder';
  return 'other';
}

/** Roles of a tree listed root first (processTree's order: parents before children). */
export function rolesOf(tree: readonly ProcInfo[], root: number): Map<number, Role> {
  const roles = new Map<number, Role>();
  for (const p of tree) roles.set(p.pid, roleOf(p, root, roles.get(p.ppid) ?? null));
  return roles;
}

export interface TreeUsage {
  /** CPU seconds used inside the window, per role and in total. */
  cpuS: Record<Role, number> & { total: number };
  /** RSS at the last sample, per role and in total (bytes). */
  rss: Record<Role, number> & { total: number };
  processes: number;
}

/**
 * Measures a process tree over a window: call start(), then sample() now and then (every second
 * or so, so short-lived children are seen), then stop(). CPU of a process = its last reading minus
 * its first reading inside the window (processes born inside the window count from zero).
 */
export class TreeMeter {
  private first = new Map<number, number>();
  private last = new Map<number, ProcInfo>();
  private roles = new Map<number, Role>();
  private timer: NodeJS.Timeout | null = null;
  private started = false;

  constructor(private readonly root: number, private readonly everyMs = 1000) {}

  start(): void {
    this.first.clear();
    this.last.clear();
    const tree = processTree(this.root);
    for (const p of tree) {
      this.first.set(p.pid, p.cpuS);
      this.last.set(p.pid, p);
    }
    for (const [pid, r] of rolesOf(tree, this.root)) this.roles.set(pid, r);
    this.started = true;
    this.timer = setInterval(() => this.sample(), this.everyMs);
  }

  sample(): void {
    if (!this.started) return;
    const tree = processTree(this.root);
    for (const p of tree) {
      if (!this.first.has(p.pid)) this.first.set(p.pid, 0);
      this.last.set(p.pid, p);
    }
    for (const [pid, r] of rolesOf(tree, this.root)) this.roles.set(pid, r);
  }

  stop(): TreeUsage {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const alive = new Set(processTree(this.root).map((p) => p.pid));
    const zero = (): Record<Role, number> & { total: number } => ({ main: 0, capture: 0, decoder: 0, recorder: 0, other: 0, total: 0 });
    const cpuS = zero();
    const rss = zero();
    for (const [pid, p] of this.last) {
      const used = p.cpuS - (this.first.get(pid) ?? 0);
      const role = this.roles.get(pid) ?? 'other';
      cpuS[role] += used;
      cpuS.total += used;
      if (alive.has(pid)) {
        rss[role] += p.rssBytes;
        rss.total += p.rssBytes;
      }
    }
    return { cpuS, rss, processes: alive.size };
  }
}

/** CPU seconds of one process (0 when it is gone). */
export function cpuSeconds(pid: number): number {
  return readProc(pid)?.cpuS ?? 0;
}

// The machine a benchmark ran on and how busy it was: every result carries this, because the
// box is shared and a figure means little without the load next to it.
import fs from 'node:fs';
import os from 'node:os';
import { round } from './stats';

export interface MachineInfo {
  cpu: string;
  cores: number;
  ram_gb: number;
  node: string;
}

export function machineInfo(): MachineInfo {
  const model = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return { cpu: model.trim(), cores: os.availableParallelism(), ram_gb: round(os.totalmem() / 2 ** 30, 1), node: process.version };
}

/** 1, 5 and 15 minute load averages. */
export function load(): number[] {
  return os.loadavg().map((v) => round(v, 2));
}

/** Load averages at the start and end of a measurement. */
export class LoadWindow {
  private readonly before = load();
  end(): { before: number[]; after: number[] } {
    return { before: this.before, after: load() };
  }
}

// Helpers of the fault-injection tests: times read back from the box's JSON log, and the measured
// figures (reconnect time, restart time, delivery delay) appended to test-artifacts/ so each run
// leaves them for docs/reliability.md. Figures are printed, never asserted as wall-clock limits
// beyond the generous bounds each test sets.
import fs from 'node:fs';
import path from 'node:path';

const ARTIFACTS = path.join(__dirname, '..', '..', '..', 'test-artifacts');

/** Epoch ms of the first log line with message `msg` logged at or after `afterMs`, or null. */
export function logTime(logs: string, msg: string, afterMs = 0): number | null {
  for (const line of logs.split('\n')) {
    if (!line.startsWith('{') || !line.includes(`"msg":${JSON.stringify(msg)}`)) continue;
    try {
      const t = Date.parse((JSON.parse(line) as { time: string }).time);
      if (t >= afterMs) return t;
    } catch {
      // a line cut in the middle by a chunk boundary
    }
  }
  return null;
}

/** Records one measured figure (printed, and appended to test-artifacts/fault-figures.jsonl). */
export function reportFigure(name: string, value: string): void {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.appendFileSync(path.join(ARTIFACTS, 'fault-figures.jsonl'), `${JSON.stringify({ at: new Date().toISOString(), name, value })}\n`);
  process.stdout.write(`[fault figure] ${name}: ${value}\n`);
}

// Turns the samples of a soak run into its verdict and a JSON + markdown report: memory and file
// descriptor trends per process role and for the whole tree, stuck cameras, CPU per role.
import { FD_RULE, judgeCamera, judgeGrowth, MEMORY_RULE, type CameraSample, type CameraVerdict, type Point, type Trend } from './trend';
import type { ProcessSample } from './process-sampler';

export interface Sample {
  /** Seconds since the start of sampling. */
  t: number;
  at: string;
  processes: ProcessSample[];
  cameras: Record<string, { state: string; fps: number; captured: number; skipped: number }>;
  detector: { inferences: number; failures: number; restarts: number; inference_speed: number } | null;
  eventsSeen: number;
}

export interface SoakReport {
  startedAt: string;
  minutes: number;
  intervalS: number;
  cameras: string[];
  samples: number;
  memory: Record<string, Trend>;
  fds: Record<string, Trend>;
  cpuPercent: Record<string, number>;
  cameraVerdicts: Record<string, CameraVerdict & { meanFps: number; captured: number }>;
  detector: Sample['detector'];
  restartsSeen: Record<string, number>;
  /** Roles not present in every sample after the warm-up (short-lived helpers): not judged. */
  transient: string[];
  findings: string[];
  ok: boolean;
}

const MB = 1024 * 1024;

/** Per role: the summed value of all its processes at each sample (roles survive restarts). */
function series(samples: readonly Sample[], pick: (p: ProcessSample) => number): Map<string, Point[]> {
  const out = new Map<string, Point[]>();
  for (const s of samples) {
    const byRole = new Map<string, number>();
    let total = 0;
    for (const p of s.processes) {
      const v = pick(p);
      byRole.set(p.label, (byRole.get(p.label) ?? 0) + v);
      total += v;
    }
    byRole.set('(all)', total);
    for (const [role, v] of byRole) {
      if (!out.has(role)) out.set(role, []);
      out.get(role)!.push({ t: s.t, v });
    }
  }
  return out;
}

export function buildReport(samples: readonly Sample[], meta: { startedAt: string; minutes: number; intervalS: number; cameras: string[] }): SoakReport {
  const findings: string[] = [];
  // Short-lived processes (clip cuts, ffprobe) come and go: their sums are not a trend.
  const judged = samples.filter((s) => s.t >= MEMORY_RULE.warmupS);
  const lasting = (role: string) => role === '(all)' || judged.every((s) => s.processes.some((p) => p.label === role));
  const transient: string[] = [];
  const memory: Record<string, Trend> = {};
  for (const [role, pts] of series(samples, (p) => p.rssBytes)) {
    if (!lasting(role)) {
      transient.push(role);
      continue;
    }
    memory[role] = judgeGrowth(pts, MEMORY_RULE);
    if (memory[role].growing) findings.push(`memory of ${role} grows ${(memory[role].fit.slopePerHour / MB).toFixed(1)} MB/h (r² ${memory[role].fit.r2.toFixed(2)})`);
  }
  const fds: Record<string, Trend> = {};
  for (const [role, pts] of series(samples, (p) => p.fds)) {
    if (!lasting(role)) continue;
    fds[role] = judgeGrowth(pts, FD_RULE);
    if (fds[role].growing) findings.push(`open files of ${role} grow ${fds[role].fit.slopePerHour.toFixed(1)}/h (r² ${fds[role].fit.r2.toFixed(2)})`);
  }
  // CPU: per role, CPU seconds used between consecutive samples of the same pid.
  const cpuPercent: Record<string, number> = {};
  const restartsSeen: Record<string, number> = {};
  const span = samples.length > 1 ? samples[samples.length - 1]!.t - samples[0]!.t : 0;
  const pidsByRole = new Map<string, Set<number>>();
  for (let i = 1; i < samples.length; i++) {
    const prev = new Map(samples[i - 1]!.processes.map((p) => [p.pid, p]));
    for (const p of samples[i]!.processes) {
      const before = prev.get(p.pid);
      if (before) cpuPercent[p.label] = (cpuPercent[p.label] ?? 0) + (p.cpuS - before.cpuS);
    }
  }
  for (const s of samples) for (const p of s.processes) (pidsByRole.get(p.label) ?? pidsByRole.set(p.label, new Set()).get(p.label)!).add(p.pid);
  for (const [role, pids] of pidsByRole) restartsSeen[role] = pids.size - 1;
  cpuPercent['(all)'] = Object.values(cpuPercent).reduce((a, b) => a + b, 0);
  for (const role of Object.keys(cpuPercent)) cpuPercent[role] = span > 0 ? Math.round((cpuPercent[role]! / span) * 1000) / 10 : 0;

  const cameraVerdicts: SoakReport['cameraVerdicts'] = {};
  for (const name of meta.cameras) {
    const cs: CameraSample[] = samples.map((s) => ({ t: s.t, state: s.cameras[name]?.state ?? 'missing', fps: s.cameras[name]?.fps ?? 0 }));
    const v = judgeCamera(cs);
    const online = cs.filter((c) => c.state === 'online');
    cameraVerdicts[name] = {
      ...v,
      meanFps: online.length ? Math.round((online.reduce((a, c) => a + c.fps, 0) / online.length) * 10) / 10 : 0,
      captured: samples[samples.length - 1]?.cameras[name]?.captured ?? 0,
    };
    if (v.stuck) findings.push(`camera ${name} was online without frames for ${v.longestStuck} samples in a row`);
    const lastState = samples[samples.length - 1]?.cameras[name]?.state;
    if (lastState !== 'online') findings.push(`camera ${name} ended the run ${lastState ?? 'missing'}`);
  }
  return {
    ...meta,
    samples: samples.length,
    memory,
    fds,
    cpuPercent,
    cameraVerdicts,
    detector: samples[samples.length - 1]?.detector ?? null,
    restartsSeen,
    transient,
    findings,
    ok: findings.length === 0,
  };
}

export function reportMarkdown(r: SoakReport): string {
  const mb = (b: number) => (b / MB).toFixed(1);
  const lines = [
    `# Soak run ${r.startedAt}`,
    '',
    `${r.minutes} min, a sample every ${r.intervalS} s (${r.samples} samples), cameras: ${r.cameras.join(', ')}.`,
    `Verdict: **${r.ok ? 'pass' : 'FAIL'}**${r.findings.length ? `: ${r.findings.join('; ')}` : ''}.`,
    ...(r.memory['(all)'] && !r.memory['(all)'].judged ? ['', 'The run ended within the 5-minute warm-up: slopes are shown, trends are not judged.'] : []),
    ...(r.transient.length ? ['', `Short-lived processes seen (not judged): ${r.transient.join(', ')}.`] : []),
    '',
    '## Memory (RSS) and open files, after the 5-minute warm-up',
    '',
    '| process | RSS first → last (MB) | slope (MB/h) | r² | fds first → last | fd slope (/h) | CPU % of a core | restarts seen |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...Object.keys(r.memory).sort().map((role) => {
      const m = r.memory[role]!.fit;
      const f = r.fds[role]!.fit;
      return `| ${role} | ${mb(m.first)} → ${mb(m.last)} | ${(m.slopePerHour / MB).toFixed(1)} | ${m.r2.toFixed(2)} | ${f.first} → ${f.last} | ${f.slopePerHour.toFixed(1)} | ${r.cpuPercent[role] ?? '–'} | ${r.restartsSeen[role] ?? '–'} |`;
    }),
    '',
    '## Cameras',
    '',
    '| camera | mean fps online | frames captured | samples online at 0 fps | samples not online |',
    '| --- | --- | --- | --- | --- |',
    ...Object.entries(r.cameraVerdicts).map(([n, v]) => `| ${n} | ${v.meanFps} | ${v.captured} | ${v.stuckSamples} | ${v.downSamples} |`),
    '',
    r.detector ? `Detector: ${r.detector.inferences} inferences, ${r.detector.inference_speed} ms each, ${r.detector.failures} failures, ${r.detector.restarts} restarts.` : 'Detector: off.',
    '',
  ];
  return lines.join('\n');
}

// The bench summary: headline figures and target verdicts from literal result documents, and a
// missing figure shown as "–" instead of breaking the summary.
import { summaryMarkdown } from '../../../../scripts/bench/support/summary';

const base = { started: '2026-01-01T00:00:00.000Z', seconds: 61, machine: { cpu: 'Test CPU', cores: 2, ram_gb: 4, node: 'v20' }, load: { before: [1], after: [2] }, failures: {} };

describe('bench summary', () => {
  it('reports the idle ratio and whether each target was met', () => {
    const md = summaryMarkdown({
      ...base,
      results: {
        idle: {
          record_on: { vigil_cpu_s: { total: 2.6, main: 0.5, capture: 1, decoder: 1, recorder: 0.1 }, ffmpeg_cpu_s: 2, ratio: 1.3, target_met: true },
          record_off: { vigil_cpu_s: { total: 3, main: 0.6, capture: 1.4, decoder: 1, recorder: 0 }, ffmpeg_cpu_s: 2, ratio: 1.5, target_met: false },
        },
      },
    });
    expect(md).toContain('Test CPU, 2 cores, 4 GB RAM');
    expect(md).toContain('| on | 2.6 (0.5 / 1 / 1 / 0.1) | 2 | 1.3 | met |');
    expect(md).toContain('| off | 3 (0.6 / 1.4 / 1 / 0) | 2 | 1.5 | **not met** |');
  });

  it('judges event latency by p95 under a second with nothing missed', () => {
    const doc = (p95: number, missed: number) => ({ appearances: 10, with_webhook: 10 - missed, missed, latency_ms: { p50: 500, p95 }, breakdown_p50_ms: {} });
    expect(summaryMarkdown({ ...base, results: { 'event-latency': doc(900, 0) } })).toContain('p95 < 1 s: met');
    expect(summaryMarkdown({ ...base, results: { 'event-latency': doc(900, 1) } })).toContain('p95 < 1 s: **not met**');
    expect(summaryMarkdown({ ...base, results: { 'event-latency': doc(1200, 0) } })).toContain('p95 < 1 s: **not met**');
    const none = { appearances: 10, with_webhook: 0, missed: 10, latency_ms: { p50: null, p95: null } };
    expect(summaryMarkdown({ ...base, results: { 'event-latency': none } })).toContain('0 of 10 appearances delivered: p50 –, p95 –');
    expect(summaryMarkdown({ ...base, results: { 'event-latency': none } })).toContain('p95 < 1 s: **not met**');
  });

  it('shows missing figures as a dash and lists failed benchmarks', () => {
    const md = summaryMarkdown({ ...base, results: { peer: {} }, failures: { memory: 'exited 1' } });
    expect(md).toContain('Vigil – CPU s vs motion – CPU s');
    expect(md).toContain('## memory\n\nFAILED: exited 1');
  });

  it('lists capacity at N and N+1', () => {
    const md = summaryMarkdown({
      ...base,
      results: {
        capacity: {
          capacity: 2,
          at_capacity: { cameras: 2, skipped_share: 0.004, live_p95_ms: 120, decoded_share: 1, detections_per_s: 20, cpu_percent: 150, pass: true },
          above_capacity: { cameras: 3, skipped_share: 0.2, live_p95_ms: 400, decoded_share: 0.9, detections_per_s: 24, cpu_percent: 195, pass: false },
        },
      },
    });
    expect(md).toContain('Capacity N = 2 cameras.');
    expect(md).toContain('| 2 | 0.004 | 120 | 1 | 20 | 150 | pass |');
    expect(md).toContain('| 3 | 0.2 | 400 | 0.9 | 24 | 195 | fail |');
    const none = summaryMarkdown({ ...base, results: { capacity: { capacity: 0, at_capacity: null, above_capacity: { cameras: 1, pass: false } } } });
    expect(none).toContain('Capacity N = 0 cameras.');
    expect(none.match(/^\| [0-9–] /gm)).toHaveLength(1);
    expect(none).toContain('| 1 | – | – | – | – | – | fail |');
  });
});

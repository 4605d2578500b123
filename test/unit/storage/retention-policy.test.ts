import { recordSchema } from '../../../server/src/config/schema';
import { CandidateCollector, candidateNeeds } from '../../../server/src/storage/retention-candidates';
import { budgetBytes, captureWindows, GB, minFootageAge, retentionPolicy } from '../../../server/src/storage/retention-policy';
import { DAY_S, type RetentionPolicy } from '../../../server/src/storage/retention';
import type { SegmentCandidate } from '../../../server/src/storage/segment.repository';

describe('retention policy from config', () => {
  it.each<[string, { max_gb: number; max_percent: number }, number | null, number | null]>([
    ['both off', { max_gb: 0, max_percent: 0 }, 1e12, null],
    ['GB only', { max_gb: 100, max_percent: 0 }, 1e12, 100 * GB],
    ['percent only', { max_gb: 0, max_percent: 50 }, 1e12, 5e11],
    ['the smaller of both', { max_gb: 100, max_percent: 90 }, 1e11, 9e10],
    ['percent without a known disk size', { max_gb: 0, max_percent: 90 }, null, null],
  ])('budget: %s', (_n, storage, disk, expected) => {
    expect(budgetBytes({ ...storage, min_free_gb: 1 }, disk)).toBe(expected);
  });

  it.each<[string, [number, number][], number]>([
    ['defaults: never under a minute', [[5, 10]], 60],
    ['long pre-capture and segments', [[30, 60], [5, 10]], 150],
  ])('minimum footage age: %s', (_n, records, expected) => {
    expect(minFootageAge(records.map(([pre, seg]) => recordSchema.parse({ pre_capture: pre, segment_seconds: seg })))).toBe(expected);
  });

  it('builds per-camera policies, a fallback and capture windows', () => {
    const global = recordSchema.parse({});
    const front = recordSchema.parse({ continuous: { days: 2 }, events: { days: 14 }, quota_gb: 50, pre_capture: 3, post_capture: 8 });
    const policy = retentionPolicy({ storage: { max_gb: 0, max_percent: 90, min_free_gb: 2 }, record: global, cameras: { front } }, 1e12);
    expect(policy).toEqual({
      cameras: { front: { continuousDays: 2, eventsDays: 14, quotaBytes: 50 * GB, preCapture: 3, postCapture: 8 } },
      fallback: { continuousDays: 0, eventsDays: 10, quotaBytes: null, preCapture: 5, postCapture: 5 },
      budgetBytes: 9e11,
      minFreeBytes: 2 * GB,
      minAgeSeconds: 60,
    });
    expect(captureWindows(policy)).toEqual({ byCamera: { front: { pre: 3, post: 8 } }, fallback: { pre: 5, post: 5 } });
  });
});

describe('candidate selection', () => {
  const NOW = 100 * DAY_S;
  const P = { continuousDays: 1, eventsDays: 3, quotaBytes: null, preCapture: 5, postCapture: 5 };
  const policy = (more: Partial<RetentionPolicy> = {}): RetentionPolicy => ({ cameras: { front: P, back: P }, fallback: P, budgetBytes: null, minFreeBytes: 0, minAgeSeconds: 60, ...more });
  let nextId = 1;
  const row = (camera: string, ago: number, flags: Partial<SegmentCandidate> = {}): SegmentCandidate => ({
    id: nextId++,
    camera,
    path: `p${nextId}`,
    start_time: NOW - ago,
    end_time: NOW - ago + 10,
    bytes: 100,
    kind: 'continuous',
    event_overlap: false,
    retained_overlap: false,
    ...flags,
  });

  it('takes footage past its age, by class, and never pinned or too-young footage', () => {
    const p = policy();
    const c = new CandidateCollector(p, candidateNeeds(p, { totalBytes: 0, byCamera: {}, freeBytes: null }), NOW, 100);
    const rows = [
      row('front', 5 * DAY_S, { retained_overlap: true, event_overlap: true }),
      row('front', 4 * DAY_S, { event_overlap: true }),
      row('front', 2 * DAY_S, { event_overlap: true }),
      row('front', 2 * DAY_S - 100),
      row('front', 2 * DAY_S - 90, { kind: 'event' }),
      row('front', 30),
    ];
    rows.forEach((r) => c.offer(r));
    expect(c.taken.map((r) => rows.indexOf(r))).toEqual([1, 3]);
    expect(c.satisfied(NOW - DAY_S + 1)).toBe(true);
    expect(c.satisfied(NOW - DAY_S - 1)).toBe(false);
  });

  it('takes just enough of each class for the budget, and per camera for quotas', () => {
    const p = policy({ budgetBytes: 1000, cameras: { front: P, back: { ...P, quotaBytes: 300 } } });
    const needs = candidateNeeds(p, { totalBytes: 1150, byCamera: { front: 650, back: 500 }, freeBytes: null });
    expect(needs).toEqual({ global: 150, byCamera: { back: 200 } });
    const c = new CandidateCollector(p, needs, NOW, 100);
    const rows = [
      row('front', 9 * 3600, { event_overlap: true }),
      row('front', 8 * 3600),
      row('front', 7 * 3600, { event_overlap: true }),
      row('front', 6 * 3600),
      row('front', 5 * 3600),
      row('back', 4 * 3600),
      row('back', 3 * 3600, { event_overlap: true }),
      row('back', 2 * 3600),
      row('back', 3600, { event_overlap: true }),
      row('back', 1800),
    ];
    for (const r of rows) {
      if (c.satisfied(r.start_time)) break;
      c.offer(r);
    }
    // Continuous: 2 for the budget (front) + 2 for back's quota; event: 2 for the budget + 2 for back's quota.
    expect(c.taken.map((r) => rows.indexOf(r))).toEqual([0, 1, 2, 3, 5, 6, 7, 8]);
  });

  it('stops at its cap', () => {
    const p = policy({ budgetBytes: 0 });
    const c = new CandidateCollector(p, candidateNeeds(p, { totalBytes: 10_000, byCamera: { front: 10_000 }, freeBytes: null }), NOW, 2);
    [row('front', 9000), row('front', 8000), row('front', 7000)].forEach((r) => c.offer(r));
    expect(c.taken).toHaveLength(2);
    expect(c.full).toBe(true);
  });
});

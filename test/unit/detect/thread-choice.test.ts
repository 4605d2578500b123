// Thread count choice from measured medians.
import { median, pickThreads, threadCandidates, type ThreadSample } from '../../../server/src/detect/thread-choice';

describe('pickThreads', () => {
  test.each<[string, ThreadSample[], number]>([
    ['quiet machine: 2 threads nearly halve the time', [{ threads: 1, medianMs: 120 }, { threads: 2, medianMs: 64 }], 2],
    ['busy machine: 2 threads are slower', [{ threads: 1, medianMs: 120 }, { threads: 2, medianMs: 140 }], 1],
    ['gain below the 15% margin keeps 1 thread', [{ threads: 1, medianMs: 100 }, { threads: 2, medianMs: 90 }], 1],
    ['gain of exactly 15% takes 2 threads', [{ threads: 1, medianMs: 100 }, { threads: 2, medianMs: 85 }], 2],
    ['order of samples does not matter', [{ threads: 2, medianMs: 50 }, { threads: 1, medianMs: 100 }], 2],
    ['single candidate', [{ threads: 1, medianMs: 30 }], 1],
    ['no samples', [], 1],
    ['unmeasurable samples are ignored', [{ threads: 1, medianMs: 100 }, { threads: 2, medianMs: NaN }], 1],
  ])('%s', (_n, samples, expected) => {
    expect(pickThreads(samples)).toBe(expected);
  });
});

test.each<[number[], number]>([
  [[3, 1, 2], 2],
  [[4, 1, 3, 2], 2.5],
  [[7], 7],
])('median(%j) = %d', (xs, m) => expect(median(xs)).toBe(m));

test.each<[number, number[]]>([
  [1, [1]],
  [2, [1, 2]],
  [8, [1, 2]],
])('candidates on %i cores: %j', (cores, c) => expect(threadCandidates(cores)).toEqual(c));

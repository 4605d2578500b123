// The restart budget over a sliding window, with literal times.
import { RestartBudget } from '../../../server/src/detect/restart-budget';

test.each<[string, number, number, number[], boolean[]]>([
  ['five a minute: the sixth inside the minute is refused', 5, 60_000, [0, 1000, 2000, 3000, 4000, 5000], [true, true, true, true, true, false]],
  ['a restart leaves the window after exactly windowMs', 2, 60_000, [0, 10_000, 59_999, 60_000], [true, true, false, true]],
  ['a refused restart is not counted', 1, 1000, [0, 500, 999, 1000], [true, false, false, true]],
  ['zero allowed', 0, 1000, [0], [false]],
])('%s', (_n, max, windowMs, times, expected) => {
  const b = new RestartBudget(max, windowMs);
  expect(times.map((t) => b.take(t))).toEqual(expected);
});


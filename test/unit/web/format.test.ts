// Display formatting of sizes, durations, scores, rates and times.
import { formatBytes, formatDuration, formatEventLength, formatLabel, formatMs, formatPercent, formatRate, formatScore, formatWhen } from '../../../web/src/format/format';

it.each([
  [0, '0 B'],
  [999, '999 B'],
  [1500, '1.5 KB'],
  [12_345_678, '12 MB'],
  [3.2e9, '3.2 GB'],
  [4.5e12, '4.5 TB'],
  [-1, '—'],
  [null, '—'],
  [Number.NaN, '—'],
])('formatBytes(%p) = %p', (n, s) => {
  expect(formatBytes(n)).toBe(s);
});

it.each([
  [0, '0 s'],
  [44.6, '45 s'],
  [185, '3 min 5 s'],
  [3600, '1 h'],
  [7800, '2 h 10 min'],
  [273600, '3 d 4 h'],
  [86400 + 59, '1 d'],
  [-3, '—'],
  [undefined, '—'],
])('formatDuration(%p) = %p', (s, out) => {
  expect(formatDuration(s)).toBe(out);
});

it('scores, percents, rates and milliseconds', () => {
  expect(formatScore(0.876)).toBe('88%');
  expect(formatScore(null)).toBe('—');
  expect(formatPercent(12.345, 1)).toBe('12.3%');
  expect(formatRate(4.96)).toBe('5.0');
  expect(formatRate(undefined)).toBe('—');
  expect(formatMs(63.7)).toBe('64 ms');
  expect(formatMs(4.25)).toBe('4.3 ms');
  expect(formatMs(0)).toBe('—');
});

it('times: clock only today, date and clock on other days', () => {
  const now = new Date(2024, 2, 10, 15, 0, 0);
  expect(formatWhen(new Date(2024, 2, 10, 9, 5, 7).getTime() / 1000, now)).toBe('09:05:07');
  expect(formatWhen(new Date(2024, 2, 9, 23, 59, 1).getTime() / 1000, now)).toBe('2024-03-09 23:59:01');
});

it('event length and labels', () => {
  expect(formatEventLength(100, null)).toBe('ongoing');
  expect(formatEventLength(100, 112.4)).toBe('12 s');
  expect(formatLabel('car', 'Toyota')).toBe('car (Toyota)');
  expect(formatLabel('person', null)).toBe('person');
});

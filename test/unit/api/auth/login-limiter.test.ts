// The login limiter with a hand-driven clock: sliding window, failures only, forget(), memory cap;
// and the client key (IPv4, IPv4-mapped, IPv6 /64).
import { ManualClock } from '../../../../server/src/lib/clock';
import { clientKey, expandIPv6, LoginLimiter } from '../../../../server/src/api/auth/login-limiter';

describe('LoginLimiter', () => {
  it('allows `attempts` failures per window, then reports the wait until the oldest leaves it', () => {
    const clock = new ManualClock(1_000_000);
    const l = new LoginLimiter({ attempts: 3, windowMs: 60_000 }, clock);
    const steps: Array<[advanceMs: number, fail: boolean, expectedWaitMs: number]> = [
      [0, true, 0], // 1 failure at t0
      [10_000, true, 0], // 2 at t0+10s
      [10_000, true, 40_000], // 3 at t0+20s: blocked until t0+60s
      [39_000, false, 1_000],
      [1_000, false, 0], // the first failure has left the window
      [0, true, 10_000], // 3 again (t0+10s, +20s, +60s): wait for the one at +10s
      [10_000, false, 0], // t0+70s: the one at +10s has left
      [0, true, 10_000], // +20s, +60s, +70s: wait for the one at +20s
    ];
    for (const [i, [advance, fail, wait]] of steps.entries()) {
      clock.advance(advance);
      if (fail) l.recordFailure('a');
      expect([i, l.retryAfterMs('a')]).toEqual([i, wait]);
    }
  });

  it('keeps clients apart and forgets an attempt that turned out to succeed', () => {
    const clock = new ManualClock(0);
    const l = new LoginLimiter({ attempts: 2, windowMs: 1000 }, clock);
    l.recordFailure('a');
    const t = l.recordFailure('a');
    expect(l.retryAfterMs('a')).toBe(1000);
    expect(l.retryAfterMs('b')).toBe(0);
    l.forget('a', t);
    expect(l.retryAfterMs('a')).toBe(0);
    l.forget('a', 12345); // unknown time: no effect
    l.forget('zzz', 0);
    expect(l.size()).toBe(1);
    clock.advance(1000);
    expect(l.retryAfterMs('a')).toBe(0);
    expect(l.size()).toBe(0);
  });

  it('remembers at most maxClients, dropping expired and then the stalest', () => {
    const clock = new ManualClock(0);
    const l = new LoginLimiter({ attempts: 1, windowMs: 100, maxClients: 3 }, clock);
    l.recordFailure('old');
    clock.advance(200);
    for (const k of ['a', 'b', 'c']) l.recordFailure(k);
    expect(l.size()).toBe(3);
    l.recordFailure('d');
    expect(l.size()).toBe(3);
    expect(['a', 'b', 'c', 'd'].map((k) => l.retryAfterMs(k) > 0)).toEqual([false, true, true, true]);
  });
});

describe('clientKey', () => {
  it.each([
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['::1', '0:0:0:0::/64'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    [undefined, 'unknown'],
    ['not-an-ip', 'not-an-ip'],
  ])('%s → %s', (ip, key) => {
    expect(clientKey(ip)).toBe(key);
  });

  it('expands IPv6 addresses, also with an embedded IPv4 part', () => {
    expect(expandIPv6('::')).toEqual(['0', '0', '0', '0', '0', '0', '0', '0']);
    expect(expandIPv6('1::')).toEqual(['1', '0', '0', '0', '0', '0', '0', '0']);
    expect(expandIPv6('64:ff9b::192.0.2.33')).toEqual(['64', 'ff9b', '0', '0', '0', '0', 'c000', '221']);
  });
});

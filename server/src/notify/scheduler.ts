// Timers behind an interface, so the webhook dispatcher's retry waits can be driven by a test
// clock (a 10-minute outage simulated in milliseconds) while real I/O still runs for real.

export interface TimerHandle {
  cancel(): void;
}

export interface Scheduler {
  /** Runs `fn` once after `ms` milliseconds of the scheduler's clock. */
  after(ms: number, fn: () => void): TimerHandle;
}

/** Real timers; unref'd so a pending retry never keeps the process alive on its own. */
export const timerScheduler: Scheduler = {
  after(ms, fn) {
    // setTimeout's ceiling is 2^31-1 ms (~24.8 days); callers wait at most hours.
    const t = setTimeout(fn, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};

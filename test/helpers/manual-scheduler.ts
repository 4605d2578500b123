// A Scheduler driven by a ManualClock: timers fire only when the test advances time, so hours of
// retry waits run in milliseconds while the HTTP requests in between are real.
import type { ManualClock } from '../../server/src/lib/clock';
import type { Scheduler, TimerHandle } from '../../server/src/notify/scheduler';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

export class ManualScheduler implements Scheduler {
  private timers: Timer[] = [];
  private seq = 0;

  constructor(readonly clock: ManualClock) {}

  after(ms: number, fn: () => void): TimerHandle {
    const t: Timer = { at: this.clock.now() + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(t);
    return { cancel: () => (this.timers = this.timers.filter((x) => x !== t)) };
  }

  get pending(): number {
    return this.timers.length;
  }

  /** Time of the earliest timer, or null. */
  nextAt(): number | null {
    return this.timers.reduce<number | null>((m, t) => (m === null || t.at < m ? t.at : m), null);
  }

  /** Moves the clock forward by `ms`, firing every timer that falls due, in time order. */
  advance(ms: number): void {
    this.runUntil(this.clock.now() + ms);
  }

  /** Jumps to the earliest timer (not beyond `limit`) and fires it; false when none is due by then. */
  step(limit = Infinity): boolean {
    const at = this.nextAt();
    if (at === null || at > limit) return false;
    this.runUntil(Math.max(at, this.clock.now()));
    return true;
  }

  private runUntil(end: number): void {
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      if (due.at > this.clock.now()) this.clock.set(due.at);
      due.fn();
    }
    if (end > this.clock.now()) this.clock.set(end);
  }
}

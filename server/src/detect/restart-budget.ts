// How many crashed-worker restarts are allowed: at most `max` within a sliding window, after which
// the owner gives up and reports itself failed instead of running half-alive. Pure; time is passed in.

export class RestartBudget {
  private readonly times: number[] = [];

  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Records a restart at `now` and returns true, or returns false when the budget is spent. */
  take(now: number): boolean {
    while (this.times.length > 0 && (this.times[0] as number) <= now - this.windowMs) this.times.shift();
    if (this.times.length >= this.max) return false;
    this.times.push(now);
    return true;
  }
}

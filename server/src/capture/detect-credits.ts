// The capture child's detection credits: how many more frames with regions it may send before the
// main process has handled earlier ones (at most MAX_DETECT_CREDITS; extra grants, e.g. a restart
// and an online state for the same process, are capped instead of piling up).
import { MAX_DETECT_CREDITS } from '../contracts/worker-protocol';

export class DetectCredits {
  private n = 0;

  constructor(private readonly max = MAX_DETECT_CREDITS) {}

  get available(): number {
    return this.n;
  }

  give(): void {
    this.n = Math.min(this.max, this.n + 1);
  }

  /** Uses one credit; false when none is left. */
  take(): boolean {
    if (this.n === 0) return false;
    this.n--;
    return true;
  }
}

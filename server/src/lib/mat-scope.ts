// Collects the OpenCV Mats made while working on one frame and releases them together: capture
// runs several times a second forever, so native memory must not wait for the garbage collector.
import type { Mat } from '@u4/opencv4nodejs';

export class MatScope {
  private readonly mats: Mat[] = [];

  /** Registers a Mat for release and returns it. */
  keep<T extends Mat>(m: T): T {
    this.mats.push(m);
    return m;
  }

  releaseAll(): void {
    for (const m of this.mats.splice(0)) m.release();
  }
}

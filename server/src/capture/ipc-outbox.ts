// Outgoing messages of a capture child and whether they have left. Node writes an IPC message to
// the pipe only while the event loop runs, and the capture loop blocks the event loop inside
// OpenCV's read() for up to a frame interval (a live source). A frame with pixels and region
// tensors is several MB; without waiting it trickled out one pipe buffer per read and reached the
// main process seconds late (measured ~4 s at 1280×720: live view, detection credit and events
// all lagged). So the loop waits for the outbox to drain before each blocking read.
import type { CaptureToMain } from '../contracts/worker-protocol';

/** Writes a message; calls `done` once it has been handed to the OS (or failed). */
export type IpcWrite = (m: CaptureToMain, done: () => void) => void;

export class IpcOutbox {
  private pending = 0;
  private waiters: Array<() => void> = [];

  constructor(private readonly write: IpcWrite) {}

  /** Messages written but not yet flushed to the pipe. */
  get inFlight(): number {
    return this.pending;
  }

  /** `onWritten` runs once this message has left (or the channel failed). */
  send(m: CaptureToMain, onWritten?: () => void): void {
    this.pending++;
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      this.pending--;
      onWritten?.();
      if (this.pending === 0) for (const w of this.waiters.splice(0)) w();
    };
    try {
      this.write(m, done);
    } catch {
      done(); // the channel is gone; the process is about to end
    }
  }

  /** Resolves once every message sent so far has left. */
  drained(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

// The capture child's outbox: drained() waits for every written message to leave, also across
// interleaved sends, and a failing write never leaves it waiting forever.
import type { CaptureToMain } from '../../../server/src/contracts/worker-protocol';
import { IpcOutbox } from '../../../server/src/capture/ipc-outbox';

const stats = (n: number): CaptureToMain => ({ type: 'stats', counters: { captured: n, dropped: 0, processed: 0, skipped: 0, reconnects: 0, fps: 0, motionFrames: 0, regions: 0, encoderFrames: 0, liveSkipped: 0 } });

function fakeChannel() {
  const written: CaptureToMain[] = [];
  const done: Array<() => void> = [];
  const outbox = new IpcOutbox((m, cb) => {
    written.push(m);
    done.push(cb);
  });
  return { outbox, written, done };
}

async function settled(p: Promise<void>): Promise<boolean> {
  let yes = false;
  void p.then(() => (yes = true));
  await new Promise((r) => setImmediate(r));
  return yes;
}

describe('IpcOutbox', () => {
  it('is drained at once when nothing is in flight', async () => {
    expect(await settled(fakeChannel().outbox.drained())).toBe(true);
  });

  it('waits until every message has left, in any completion order', async () => {
    const { outbox, written, done } = fakeChannel();
    outbox.send(stats(1));
    outbox.send(stats(2));
    expect(written).toHaveLength(2);
    const waiting = outbox.drained();
    done[1]!();
    expect(await settled(waiting)).toBe(false);
    expect(outbox.inFlight).toBe(1);
    done[0]!();
    expect(await settled(waiting)).toBe(true);
    expect(outbox.inFlight).toBe(0);
  });

  it('counts a completion only once', async () => {
    const { outbox, done } = fakeChannel();
    outbox.send(stats(1));
    outbox.send(stats(2));
    done[0]!();
    done[0]!();
    expect(outbox.inFlight).toBe(1);
    expect(await settled(outbox.drained())).toBe(false);
  });

  it('treats a write that throws as gone', async () => {
    const outbox = new IpcOutbox(() => {
      throw new Error('channel closed');
    });
    outbox.send(stats(1));
    expect(outbox.inFlight).toBe(0);
    expect(await settled(outbox.drained())).toBe(true);
  });
});

describe('IpcOutbox onWritten', () => {
  it('calls a message’s onWritten once, when that message has left', () => {
    const { outbox, done } = fakeChannel();
    const seen: number[] = [];
    outbox.send(stats(1), () => seen.push(1));
    outbox.send(stats(2), () => seen.push(2));
    expect(seen).toEqual([]);
    done[1]!();
    done[1]!();
    expect(seen).toEqual([2]);
    done[0]!();
    expect(seen).toEqual([2, 1]);
  });
});

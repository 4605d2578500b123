// Entry point of a camera's capture child process (forked by camera-supervisor.ts with an IPC
// channel). One process per camera keeps OpenCV to one thread per process and confines a native
// crash or a hung read to that camera.
import type { CaptureToMain, MainToCapture } from '../contracts/worker-protocol';
import { loadOpenCV } from '../lib/opencv';
import { redactUrls } from '../lib/redact';
import { CaptureSession } from './capture-session';
import { IpcOutbox } from './ipc-outbox';

const outbox = new IpcOutbox((m, done) => {
  if (!process.connected || !process.send) return done();
  process.send(m, undefined, {}, () => done());
});

/** Sends a message; `onWritten` runs once it has left the process (at once when there is no channel). */
function send(m: CaptureToMain, onWritten?: () => void): void {
  outbox.send(m, onWritten);
}

let session: CaptureSession | null = null;

process.on('message', (m: MainToCapture) => {
  if (m.type === 'init') {
    if (session) return;
    const cv = loadOpenCV();
    session = new CaptureSession(cv, m.init, send, () => outbox.drained());
    session.run().then(
      () => setTimeout(() => process.exit(0), 50),
      (e: unknown) => {
        send({ type: 'error', message: redactUrls(e instanceof Error ? e.message : String(e)), fatal: true });
        setTimeout(() => process.exit(1), 50);
      },
    );
    return;
  }
  session?.handle(m);
});

// Ctrl-C in a terminal signals the whole process group: the parent stops its cameras in order
// (and a parent that dies closes the IPC channel, handled below), so the child ignores these.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);

// The parent went away: nothing may keep reading a camera on its own.
process.on('disconnect', () => {
  void (session?.stop() ?? Promise.resolve()).finally(() => process.exit(0));
});

send({ type: 'ready', pid: process.pid });

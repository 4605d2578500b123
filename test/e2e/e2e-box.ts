// The box the browser tests drive: the real `vigil start` on 127.0.0.1 with the demo video, auth
// on, known admin and viewer passwords (set with the real user CLI), and a webhook receiver.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { VTEST } from '../helpers/fixtures';
import { MjpegCamera } from '../helpers/mjpeg-camera';
import { VigilProcess } from '../helpers/vigil-process';
import { WebhookReceiver } from '../helpers/webhook-receiver';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'vigil.js');

export const ADMIN = { username: 'admin', password: 'e2e-admin-password' };
export const VIEWER = { username: 'watcher', password: 'e2e-viewer-password' };
export const HOOK_SECRET = 'e2e-hook-signing-secret';

/**
 * Events end within seconds (people walk through), so clips exist early in the run. "gate" is an
 * MJPEG camera the tests can unplug; it only streams (no detection, no recording) to spare the CPU.
 */
function config(webhookUrl: string, gateUrl: string): string {
  return `
server: { host: 127.0.0.1, port: \${PORT} }
storage: { path: \${DATA} }
logging: { level: info }
events: { max_event_s: 30 }
record: { segment_seconds: 4, pre_capture: 2, post_capture: 2 }
cameras:
  demo:
    source: file://${VTEST}
    zones:
      path:
        coordinates: [[0, 300], [768, 260], [768, 576], [0, 576]]
  gate:
    source: ${gateUrl}
    detect: { enabled: false, fps: 2 }
    record: { enabled: false }
webhooks:
  - url: ${webhookUrl}/hook
    events: [test]
    secret: ${HOOK_SECRET}
`;
}

export class E2eBox {
  readonly receiver = new WebhookReceiver();
  readonly gate = new MjpegCamera();
  vigil: VigilProcess | null = null;

  get url(): string {
    if (!this.vigil) throw new Error('box not started');
    return this.vigil.url;
  }

  async start(): Promise<void> {
    const index = path.join(ROOT, 'web', 'dist', 'index.html');
    if (!fs.existsSync(index)) throw new Error(`the dashboard is not built (${index} missing): run "npm run build" first`);
    await this.receiver.start();
    await this.gate.start();
    this.vigil = new VigilProcess({ config: config(this.receiver.url, this.gate.url) });
    await this.vigil.start();
    const cfg = path.join(this.vigil.dir, 'vigil.yml');
    await run(process.execPath, [BIN, 'user', 'passwd', ADMIN.username, '--password', ADMIN.password, '--config', cfg]);
    await run(process.execPath, [BIN, 'user', 'add', VIEWER.username, '--role', 'viewer', '--password', VIEWER.password, '--config', cfg]);
  }

  /** Restarts the server on the same port and data folder (sessions survive: they are in the database). */
  async restart(downMs = 0): Promise<void> {
    const v = this.vigil;
    if (!v) throw new Error('box not started');
    await v.stop('SIGTERM');
    if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
    await v.start();
  }

  async stop(): Promise<void> {
    await this.vigil?.stop('SIGTERM');
    await this.receiver.stop();
    await this.gate.stop();
  }

  /** Removes the server folder, unless asked to keep it (VIGIL_E2E_KEEP=1) for a look afterwards. */
  cleanup(keep: boolean): void {
    if (keep && this.vigil) {
      process.stderr.write(`e2e: server folder kept at ${this.vigil.dir}\n`);
      return;
    }
    this.vigil?.cleanup();
  }
}

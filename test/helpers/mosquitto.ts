// Debian's mosquitto broker for MQTT tests: a config in a temp folder, a free loopback port,
// optionally a password file made with mosquitto_passwd.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitFor } from './net';

export const MOSQUITTO = '/usr/sbin/mosquitto';

export class Mosquitto {
  private proc: ChildProcess | null = null;
  log = '';

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  static async start(opts: { users?: Record<string, string> } = {}): Promise<Mosquitto> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-mosquitto-'));
    const port = await freePort();
    const lines = ['persistence false', 'log_dest stderr', 'log_type error', 'log_type warning', 'log_type notice', `listener ${port} 127.0.0.1`];
    // As root, mosquitto would switch to its own user, which cannot read our temp folder.
    if (process.getuid?.() === 0) lines.push('user root');
    if (opts.users) {
      const file = path.join(dir, 'passwords');
      for (const [user, pass] of Object.entries(opts.users)) {
        execFileSync('mosquitto_passwd', ['-b', ...(fs.existsSync(file) ? [] : ['-c']), file, user, pass], { stdio: 'ignore' });
      }
      lines.push('allow_anonymous false', `password_file ${file}`);
    } else {
      lines.push('allow_anonymous true');
    }
    const conf = path.join(dir, 'mosquitto.conf');
    fs.writeFileSync(conf, `${lines.join('\n')}\n`);
    const m = new Mosquitto(port, dir);
    m.proc = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    m.proc.stderr?.on('data', (d: Buffer) => (m.log += d.toString()));
    await waitFor(`mosquitto on ${port}`, () => canConnect(port), 10_000, 50);
    return m;
  }

  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (p && p.exitCode === null) {
      const exited = new Promise((resolve) => p.once('exit', resolve));
      p.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

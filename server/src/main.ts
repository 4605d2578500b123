// Composition root: config → data folder → cameras (capture supervisors) → HTTP.
// Later stages (detector pool, pipelines, storage, events, notifications) plug in here.
// Shutdown runs in reverse order.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createApp } from './api/app';
import type { ApiDeps } from './api/deps';
import { CameraSupervisor } from './capture/camera-supervisor';
import { resolveCamera, type VigilConfig } from './config/schema';
import type { StatsSnapshot } from './contracts/domain';
import type { Logger } from './lib/logger';
import { ProcessStats } from './lib/process-stats';
import { vigilVersion } from './lib/version';
import { captureInitFor } from './pipeline/capture-init';
import { CameraRuntime } from './pipeline/camera-runtime';

export interface VigilApp {
  /** The port the HTTP server listens on (useful with port 0). */
  port: number;
  close(): Promise<void>;
}

export interface StartOptions {
  log: Logger;
  configFile: string | null;
}

export async function startVigil(config: VigilConfig, opts: StartOptions): Promise<VigilApp> {
  const log = opts.log;
  const version = vigilVersion();
  log.info({ version, config: opts.configFile ?? '(built-in demo)' }, 'vigil starting');

  const dataDir = path.resolve(config.storage.path);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  const cameras = new Map<string, CameraRuntime>();
  for (const name of Object.keys(config.cameras)) {
    const cam = resolveCamera(config, name);
    if (!cam.enabled) continue;
    const supervisor = new CameraSupervisor({ init: captureInitFor(cam, null), log });
    cameras.set(name, new CameraRuntime(cam, supervisor));
  }
  for (const c of cameras.values()) c.start();

  const procStats = new ProcessStats();
  const stats = (): StatsSnapshot => ({
    cameras: Object.fromEntries([...cameras.values()].map((c) => [c.name, c.statsSnapshot()])),
    detectors: { workers: 0, ready: 0, inference_speed: 0, inferences: 0, timeouts: 0, failures: 0, restarts: 0, queue: 0 },
    service: { ...procStats.snapshot(), version, storage: null },
  });

  const deps: ApiDeps = {
    log,
    version,
    stats,
    cameras: {
      list: () => [...cameras.values()].map((c) => c.info()),
      get: (name) => cameras.get(name),
    },
  };
  const server = http.createServer(createApp(deps));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ host: config.server.host, port }, `listening on http://${config.server.host}:${port}`);

  return {
    port,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await Promise.all([...cameras.values()].map((c) => c.close()));
      log.info('vigil stopped');
    },
  };
}

// Composition root: config → database (reconciled) → detector pool → event service → cameras and
// pipelines → notifications → HTTP/WS. Shutdown runs in reverse order.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp } from './api/app';
import { createAuth } from './api/auth/create-auth';
import type { ApiDeps } from './api/deps';
import { VigilMetrics } from './api/metrics/vigil-metrics';
import { resolveCamera, type VigilConfig } from './config/schema';
import type { VigilBusEvents } from './contracts/bus-events';
import type { StatsSnapshot } from './contracts/domain';
import { createDetectorPool } from './detect/detector-setup';
import type { DetectorPool } from './detect/detector-pool';
import { ClipCache } from './events/clip-cache';
import { exportClip } from './events/clips';
import { EventService } from './events/event-service';
import { EventBus } from './lib/event-bus';
import type { Logger } from './lib/logger';
import { MODELS_DIR, ROOT } from './lib/paths';
import { ProcessStats } from './lib/process-stats';
import { DETECTOR_FAULT_SIGNAL, testFaultsEnabled } from './lib/test-faults';
import { LiveBroadcaster, type LiveCameraFeed } from './live/live-broadcaster';
import { LiveWsServer } from './live/ws-server';
import { vigilVersion } from './lib/version';
import { createMqttPublisher, type MqttPublisher } from './notify/mqtt-publisher';
import { defaultBaseUrl } from './notify/webhook-body';
import { createWebhookService } from './notify/webhook-service';
import { CameraSet } from './pipeline/camera-set';
import { StorageMonitor } from './pipeline/storage-monitor';
import { lockDataDir } from './storage/data-lock';
import { closeDatabase, openDatabase } from './storage/database';
import { EventRepository } from './storage/event.repository';
import { SegmentRepository } from './storage/segment.repository';
import { SegmentClipFinalizer } from './events/clip-finalizer';
import { GapRepository } from './storage/gap.repository';
import { MetaRepository } from './storage/meta.repository';
import { OutboxRepository } from './storage/outbox.repository';
import { reconcile } from './storage/reconcile';
import type { RetentionSettings } from './storage/retention-policy';
import { RetentionRunner } from './storage/retention-runner';

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
  // Media, the database and everything ffmpeg writes are private to the service user.
  process.umask(0o077);
  log.info({ version, config: opts.configFile ?? '(built-in demo)' }, 'vigil starting');
  const closers: Array<() => Promise<void> | void> = [];
  const closeAll = async () => {
    for (const c of closers.reverse()) {
      try {
        await c();
      } catch (e) {
        log.error({ err: e }, 'shutdown step failed');
      }
    }
  };

  try {
    // --- storage: open, migrate, repair what a crash left ---------------------------------------
    const dataDir = path.resolve(config.storage.path);
    closers.push(lockDataDir(dataDir));
    const { db } = openDatabase({ dataDir, log });
    closers.push(() => closeDatabase(db));
    const meta = new MetaRepository(db);
    const cleanBefore = meta.beginRun();
    closers.push(() => meta.endRun());
    if (cleanBefore === false) log.warn('the previous run did not shut down cleanly: repairing');
    reconcile({ db, dataDir, log });
    const gaps = new GapRepository(db);
    const events = new EventRepository(db);

    const bus = new EventBus<VigilBusEvents>();
    bus.setErrorHandler((topic, err) => log.error({ err, topic: String(topic) }, 'bus subscriber failed'));

    // --- detection ------------------------------------------------------------------------------
    const anyDetect = Object.keys(config.cameras).some((n) => {
      const c = resolveCamera(config, n);
      return c.enabled && c.detect.enabled;
    });
    let pool: DetectorPool | null = null;
    if (anyDetect) {
      // One frame in flight per camera, each with a few regions: the queue is bounded by that.
      const queueDepth = Math.max(4, 4 * Object.keys(config.cameras).length);
      pool = await createDetectorPool(config.detector, { log, modelsDir: MODELS_DIR, queueDepth, onFailed: (r) => log.error({ reason: r }, 'detector failed') });
      await pool.start();
      closers.push(() => pool?.close());
      log.info({ model: pool.model.name, workers: config.detector.workers, threads: pool.threadsPerWorker }, 'detector ready');
      if (testFaultsEnabled()) {
        const injectDetectorFault = () => log.warn({ injected: pool?.injectFault() ?? false }, 'test fault: a detector worker exits before its next request');
        process.on(DETECTOR_FAULT_SIGNAL, injectDetectorFault);
        closers.push(() => void process.off(DETECTOR_FAULT_SIGNAL, injectDetectorFault));
      }
    }

    // --- events, cameras -----------------------------------------------------------------------
    const eventService = new EventService({
      store: events,
      dataDir,
      bus,
      log,
      clock: { now: () => Date.now() },
      clips: null, // set below, once the recorders exist
      maxStationaryS: config.events.max_stationary_s,
      maxEventS: config.events.max_event_s,
    });
    closers.push(async () => {
      eventService.close();
      await eventService.settle();
    });
    const segments = new SegmentRepository(db);
    const cameras = new CameraSet({
      config,
      model: pool?.model.input ?? null,
      detector: pool,
      events: eventService,
      bus,
      log,
      recording: { dataDir, segments, gaps },
    });
    const clips = new SegmentClipFinalizer({ dataDir, segments, footage: cameras, log });
    eventService.setClipFinalizer(clips);
    closers.push(() => clips.close());
    eventService.setFrameSource(async (name) => (await cameras.get(name)?.runtime.latestFrame()) ?? null);

    // --- notifications -------------------------------------------------------------------------
    const settings = (): RetentionSettings => ({
      storage: config.storage,
      record: config.record,
      cameras: Object.fromEntries(cameras.names().map((n) => [n, resolveCamera(config, n).record])),
    });
    const retention = new RetentionRunner({ db, dataDir, settings, log });
    const storage = new StorageMonitor({ db, dataDir, settings, bus, onLow: () => retention.runOnce() });

    // --- HTTP and WebSocket -----------------------------------------------------------------------
    const auth = createAuth({ db, auth: config.auth, server: config.server, log });
    await auth.ensureAdmin();
    const procStats = new ProcessStats();
    let webhooksStats: (() => StatsSnapshot['webhooks']) | null = null;
    const stats = (): StatsSnapshot => ({
      cameras: Object.fromEntries(cameras.names().map((n) => [n, cameras.get(n)!.runtime.statsSnapshot()])),
      detectors: pool?.stats() ?? { workers: 0, ready: 0, inference_speed: 0, inferences: 0, timeouts: 0, failures: 0, restarts: 0, queue: 0 },
      service: { ...procStats.snapshot(), version, storage: storage.stats() },
      ...(webhooksStats ? { webhooks: webhooksStats() } : {}),
    });
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.server.port, config.server.host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;

    const webhooks = createWebhookService({
      hooks: config.webhooks,
      bus,
      outbox: new OutboxRepository(db),
      log,
      baseUrl: defaultBaseUrl(config.server.public_url, os.hostname(), port),
      version,
      boxId: meta.installId(),
      thumbnail: (id) => events.getThumbnail(id),
    });
    webhooks.start();
    closers.push(() => webhooks.close());
    webhooksStats = () => webhooks.stats();
    let mqtt: MqttPublisher | null = null;
    if (config.mqtt?.enabled) {
      mqtt = createMqttPublisher({
        config: config.mqtt,
        bus,
        log,
        cameras: cameras.names(),
        detect: { setDetect: (c, on) => cameras.setDetect(c, on), detectEnabled: (c) => cameras.get(c)?.runtime.detectEnabled ?? null },
      });
      mqtt.start();
      closers.push(() => mqtt?.close());
    }

    const clipCache = new ClipCache(dataDir);
    const feeds = new Map<string, LiveCameraFeed>(
      cameras.names().map((n) => {
        const e = cameras.get(n)!;
        const feed: LiveCameraFeed = {
          setLiveFps: (fps) => e.supervisor.setLiveFps(fps),
          // Boxes must match the picture: a processed frame is shown once tracking has handled it,
          // and in-between live frames only while no detection is in flight.
          onPixels: (fn) => {
            const offHandled = e.pipeline.onHandled((m) => m.pixels && fn(m.time, m.pixels));
            const offLive = e.supervisor.listen({ onLive: (m) => !e.pipeline.busy && fn(m.time, m.pixels) });
            return () => {
              offHandled();
              offLive();
            };
          },
          objects: () => e.runtime.trackedObjects(),
          overlay: () => e.pipeline.overlay,
        };
        return [n, feed];
      }),
    );
    const live = new LiveBroadcaster({ cameras: feeds, log });
    closers.push(() => live.close());
    const deps: ApiDeps = {
      log,
      version,
      stats,
      dataDir,
      cameras: {
        list: () => cameras.names().map((n) => cameras.get(n)!.runtime.info()),
        get: (name) => cameras.get(name)?.runtime,
      },
      events,
      manual: eventService,
      recordings: { listSegments: (c, from, to) => segments.listSegments(c, from, to), listGaps: (c, from, to) => gaps.listGaps(c, from, to) },
      clips: { exportClip: (camera, from, to) => exportClip({ camera, from, to, dataDir, segments, cache: clipCache }) },
      live,
      config: () => config,
    };
    const ws = new LiveWsServer({
      server,
      authenticate: (req) => auth.authenticateUpgrade(req),
      broadcaster: live,
      bus,
      cameras: () => deps.cameras.list().map((c) => ({ camera: c.name, state: c.state, reason: c.reason, fps: c.fps })),
      stats,
      version,
      log,
    });
    const metrics = new VigilMetrics({ stats, live: () => ({ ...ws.stats(), viewers: live.viewers() }), bus, version });
    closers.push(() => metrics.close());
    server.on('request', createApp(deps, { auth, webhooks, metrics, webDir: path.join(ROOT, 'web', 'dist') }));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    ws.start();
    closers.push(() => ws.close());

    // --- go ------------------------------------------------------------------------------------------
    await cameras.start(cleanBefore === false ? 'crash' : 'startup');
    closers.push(() => cameras.close());
    eventService.finalizeRecent(events.list({ has_clip: false, in_progress: false, after: Date.now() / 1000 - 86_400, limit: 200 }));
    retention.start(config.storage.retention_interval_s * 1000);
    closers.push(() => retention.close());
    storage.start();
    closers.push(() => storage.close());
    const statsTimer = setInterval(() => bus.emit('stats', stats()), 10_000);
    closers.push(() => clearInterval(statsTimer));
    log.info({ host: config.server.host, port }, `listening on http://${config.server.host}:${port}`);

    return {
      port,
      async close() {
        await closeAll();
        log.info('vigil stopped');
      },
    };
  } catch (e) {
    await closeAll();
    throw e;
  }
}

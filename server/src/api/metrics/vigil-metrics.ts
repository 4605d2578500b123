// Prometheus metrics (`GET /metrics`): Vigil's own `vigil_*` series read from the stats snapshot at
// scrape time, an events counter fed by the bus, live-view figures, and Node's process metrics
// under `vigil_node_`. Its own registry, so nothing global is shared between app instances.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { VigilBusEvents } from '../../contracts/bus-events';
import type { StatsSnapshot } from '../../contracts/domain';
import type { EventBus } from '../../lib/event-bus';

/** Live view figures (live/ws-server.ts reports them). */
export interface LiveStats {
  clients: number;
  subscriptions: number;
  frames_sent: number;
  frames_dropped: number;
  /** Largest unsent backlog of any client right now (bytes). */
  max_buffered_bytes: number;
  /** Live viewers (WebSocket subscriptions and MJPEG streams) per camera. */
  viewers?: Record<string, number>;
}

export interface MetricsSources {
  stats(): StatsSnapshot;
  live?: () => LiveStats;
  bus?: EventBus<VigilBusEvents>;
  version: string;
}

const CAMERA_STATES = ['connecting', 'online', 'offline', 'failed', 'stopped'] as const;

export class VigilMetrics {
  readonly registry = new Registry();
  private readonly unsubscribe: (() => void) | null;
  private readonly g: Record<string, Gauge>;
  private readonly c: Record<string, Counter>;

  constructor(private readonly src: MetricsSources) {
    const reg = [this.registry];
    const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: reg });
    const counter = (name: string, help: string, labelNames: string[] = []) => new Counter({ name, help, labelNames, registers: reg });
    const cam = ['camera'];
    this.g = {
      info: gauge('vigil_info', 'Always 1; the version is a label', ['version']),
      uptime: gauge('vigil_uptime_seconds', 'Seconds since the service started'),
      camState: gauge('vigil_camera_state', '1 for the state each camera is in', ['camera', 'state']),
      camFps: gauge('vigil_camera_fps', 'Frames per second read from the source', cam),
      procFps: gauge('vigil_camera_process_fps', 'Frames per second processed (motion)', cam),
      detFps: gauge('vigil_camera_detection_fps', 'Detector runs per second for the camera', cam),
      skipFps: gauge('vigil_camera_skipped_fps', 'Frames per second that needed detection but found the detector busy', cam),
      camDetMs: gauge('vigil_camera_detector_ms', 'Average inference time of the camera\'s detections (ms)', cam),
      motion: gauge('vigil_camera_motion_share', 'Share of processed frames with motion over the last minute', cam),
      infMs: gauge('vigil_detector_inference_ms', 'Average detector inference time (ms)'),
      workers: gauge('vigil_detector_workers_ready', 'Detector workers ready'),
      queue: gauge('vigil_detector_queue', 'Detection requests waiting'),
      whPending: gauge('vigil_webhook_outbox_pending', 'Webhook deliveries waiting in the outbox'),
      whFailed: gauge('vigil_webhook_outbox_failed', 'Webhook deliveries that gave up (kept in the outbox log)'),
      whDelivered: gauge('vigil_webhook_outbox_delivered', 'Delivered webhook rows kept in the outbox log'),
      stMedia: gauge('vigil_storage_media_bytes', 'Bytes of recorded media'),
      stUsed: gauge('vigil_storage_used_bytes', 'Used bytes of the data disk'),
      stFree: gauge('vigil_storage_free_bytes', 'Free bytes of the data disk'),
      stTotal: gauge('vigil_storage_total_bytes', 'Size of the data disk'),
      liveClients: gauge('vigil_live_clients', 'Connected WebSocket clients'),
      liveSubs: gauge('vigil_live_subscriptions', 'Live-view subscriptions (camera streams being sent)'),
      liveBuffered: gauge('vigil_live_buffered_bytes_max', 'Largest unsent backlog of any WebSocket client'),
      liveViewers: gauge('vigil_live_viewers', 'Live viewers (WebSocket subscriptions and MJPEG streams) of a camera', cam),
    };
    this.c = {
      captured: counter('vigil_camera_frames_captured_total', 'Frames decoded from the source', cam),
      skipped: counter('vigil_camera_frames_skipped_total', 'Frames that needed detection but found the detector busy', cam),
      dropped: counter('vigil_camera_frames_dropped_total', 'Decoded frames not processed (above detect fps)', cam),
      reconnects: counter('vigil_camera_reconnects_total', 'Source reconnects and capture restarts', cam),
      inferences: counter('vigil_detector_inferences_total', 'Detector inferences'),
      timeouts: counter('vigil_detector_timeouts_total', 'Detector requests that timed out'),
      failures: counter('vigil_detector_failures_total', 'Detector requests that failed'),
      restarts: counter('vigil_detector_restarts_total', 'Detector worker restarts'),
      liveSent: counter('vigil_live_frames_sent_total', 'Live frames sent to WebSocket clients'),
      liveDropped: counter('vigil_live_frames_dropped_total', 'Live frames skipped for slow WebSocket clients'),
    };
    const events = counter('vigil_events_total', 'Events started (new), by camera and label', ['camera', 'label']);
    this.unsubscribe = src.bus ? src.bus.on('event', (m) => (m.type === 'new' ? events.inc({ camera: m.after.camera, label: m.after.label }) : undefined)) : null;
    collectDefaultMetrics({ register: this.registry, prefix: 'vigil_node_' });
  }

  /** The text exposition of every metric, refreshed from the current stats. */
  async render(): Promise<{ contentType: string; body: string }> {
    this.refresh(this.src.stats());
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  close(): void {
    this.unsubscribe?.();
    this.registry.clear();
  }

  private refresh(s: StatsSnapshot): void {
    const { g, c } = this;
    // Cameras can come and go with a config change: every series is rebuilt from the snapshot.
    for (const m of Object.values(g)) m.reset();
    for (const m of Object.values(c)) m.reset();
    g.info!.set({ version: this.src.version }, 1);
    g.uptime!.set(s.service.uptime);
    for (const [camera, st] of Object.entries(s.cameras)) {
      for (const state of CAMERA_STATES) g.camState!.set({ camera, state }, st.state === state ? 1 : 0);
      g.camFps!.set({ camera }, st.camera_fps);
      g.procFps!.set({ camera }, st.process_fps);
      g.detFps!.set({ camera }, st.detection_fps);
      g.skipFps!.set({ camera }, st.skipped_fps);
      g.camDetMs!.set({ camera }, st.detector_ms);
      g.motion!.set({ camera }, st.motion_share);
      c.captured!.inc({ camera }, st.captured);
      c.skipped!.inc({ camera }, st.skipped);
      c.dropped!.inc({ camera }, st.dropped);
      c.reconnects!.inc({ camera }, st.reconnects);
    }
    const d = s.detectors;
    g.infMs!.set(d.inference_speed);
    g.workers!.set(d.ready);
    g.queue!.set(d.queue);
    c.inferences!.inc(d.inferences);
    c.timeouts!.inc(d.timeouts);
    c.failures!.inc(d.failures);
    c.restarts!.inc(d.restarts);
    if (s.webhooks) {
      g.whPending!.set(s.webhooks.pending);
      g.whFailed!.set(s.webhooks.failed);
      g.whDelivered!.set(s.webhooks.delivered);
    }
    const st = s.service.storage;
    if (st) {
      g.stMedia!.set(st.media_bytes);
      g.stUsed!.set(st.used);
      g.stFree!.set(st.free);
      g.stTotal!.set(st.total);
    }
    const live = this.src.live?.();
    if (live) {
      g.liveClients!.set(live.clients);
      g.liveSubs!.set(live.subscriptions);
      g.liveBuffered!.set(live.max_buffered_bytes);
      for (const [camera, n] of Object.entries(live.viewers ?? {})) g.liveViewers!.set({ camera }, n);
      c.liveSent!.inc(live.frames_sent);
      c.liveDropped!.inc(live.frames_dropped);
    }
  }
}

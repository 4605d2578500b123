// Replay: a video file through the same stages as a live camera, on the video's own clock, with
// no frame dropped (the capture child waits for each processed frame to be handled), so the same
// input and config always give the same result. Stores events, snapshots and clips only when a
// data folder is given.
import type { CameraConfig, DetectorConfig } from '../config/schema';
import type { VigilBusEvents } from '../contracts/bus-events';
import type { EventMessage } from '../contracts/domain';
import type { ResolvedModel } from '../contracts/worker-protocol';
import { CameraSupervisor } from '../capture/camera-supervisor';
import { createDetectorPool } from '../detect/detector-setup';
import { execFileSync } from 'node:child_process';
import { SegmentClipFinalizer } from '../events/clip-finalizer';
import { EventService } from '../events/event-service';
import type { EventStore, GapStore, SegmentStore } from '../events/ports';
import { Recorder } from '../events/recorder';
import { EventBus } from '../lib/event-bus';
import type { Logger } from '../lib/logger';
import { MODELS_DIR } from '../lib/paths';
import { sequentialTrackIds } from '../track/track-id';
import { CameraPipeline } from './camera-pipeline';
import { CameraRuntime } from './camera-runtime';
import { captureInitFor } from './capture-init';
import { TrackReport, type ReplayTrack } from './replay-report';

export interface ReplayOptions {
  cam: CameraConfig;
  detector: DetectorConfig;
  log: Logger;
  /** Epoch ms of video time 0 (fixed by default so ids and times repeat). */
  epochMs?: number;
  /** Store events, snapshots, recorded segments and clips here (`--data`). */
  store?: { events: EventStore; segments: SegmentStore; gaps: GapStore; dataDir: string } | null;
  maxStationaryS: number;
  maxEventS: number;
  model?: ResolvedModel;
  /** Called for every processed frame with its index and what was tracked (the --trace option). */
  trace?: (line: { frame: number; objects: Array<{ id: string; label: string; score: number; box: number[]; confirmed: boolean; stationary: boolean }>; motion: number[][]; regions: number[][] }) => void;
}

export interface ReplayResult {
  frames: number;
  seconds: number;
  processedFrames: number;
  motionFrames: number;
  detectorCalls: number;
  tracks: ReplayTrack[];
  events: EventMessage[];
}

export async function replayVideo(o: ReplayOptions): Promise<ReplayResult> {
  const epochMs = o.epochMs ?? 0;
  const detect = o.cam.detect.enabled;
  const pool = detect ? await createDetectorPool({ ...o.detector, workers: 1 }, { log: o.log, modelsDir: MODELS_DIR, queueDepth: 16 }) : null;
  await pool?.start();
  const bus = new EventBus<VigilBusEvents>();
  const events = new EventService({
    store: o.store?.events ?? null,
    dataDir: o.store?.dataDir ?? null,
    bus,
    log: o.log,
    clock: { now: () => Date.now() },
    clips: null,
    maxStationaryS: o.maxStationaryS,
    maxEventS: o.maxEventS,
  });
  events.keepHistory = true;
  const init = { ...captureInitFor(o.cam, pool?.model.input ?? null, 'replay'), replayEpochMs: epochMs };
  const supervisor = new CameraSupervisor({ init, log: o.log });
  const runtime = new CameraRuntime(o.cam, supervisor);
  const store = o.store ?? null;
  const recorder =
    store && o.cam.record.enabled
      ? new Recorder({
          camera: o.cam.name,
          source: o.cam.source,
          rtspTransport: o.cam.rtsp_transport,
          record: o.cam.record,
          dataDir: store.dataDir,
          segments: store.segments,
          gaps: store.gaps,
          link: supervisor,
          log: o.log,
          replay: { epochMs, fps: fileFps(o.cam.source) },
        })
      : null;
  const clips = store && recorder
    ? new SegmentClipFinalizer({
        dataDir: store.dataDir,
        segments: store.segments,
        log: o.log,
        footage: { footageThrough: () => recorder.stats().lastSegmentEnd, recording: () => true, segmentSeconds: () => o.cam.record.segment_seconds },
      })
    : null;
  if (clips) events.setClipFinalizer(clips);
  const report = new TrackReport();
  let motionFrames = 0;
  let processed = 0;
  const toFrame = (t: number) => Math.round(((t - epochMs) * supervisor.sourceFps) / 1000);
  const pipeline = new CameraPipeline({
    cam: o.cam,
    supervisor,
    runtime,
    detector: pool,
    events,
    bus,
    log: o.log,
    mode: 'replay',
    idFactory: sequentialTrackIds(),
    observe: (m, update) => {
      processed++;
      if (m.motion.length > 0) motionFrames++;
      report.observe(update.objects, toFrame);
      o.trace?.({
        frame: toFrame(m.time),
        objects: update.objects.map((x) => ({ id: x.id, label: x.label, score: Math.round(x.score * 100) / 100, box: x.box.map(Math.round), confirmed: x.confirmed, stationary: x.stationary })),
        motion: m.motion,
        regions: m.regions.map((r) => r.region),
      });
    },
  });
  try {
    const ended = new Promise<{ frames: number; seconds: number }>((resolve, reject) => {
      supervisor.listen({
        onEos: (frames, seconds) => resolve({ frames, seconds }),
        onState: (state, reason) => {
          if (state === 'failed' || (state === 'offline' && supervisor.stats.captured === 0)) reject(new Error(reason ?? `cannot read ${o.cam.source}`));
        },
      });
    });
    await recorder?.start();
    pipeline.start();
    supervisor.start();
    const { frames, seconds } = await ended;
    await pipeline.idle();
    pipeline.finish(epochMs + seconds * 1000);
    // The file has ended: the recorder indexes its last segment, then clips use what exists.
    await recorder?.close();
    clips?.close();
    await events.settle();
    return { frames, seconds, processedFrames: processed, motionFrames, detectorCalls: pipeline.counters.detections, tracks: report.list(), events: events.history };
  } finally {
    pipeline.stop();
    await recorder?.close();
    await supervisor.close();
    await pool?.close();
    events.close();
  }
}

/** The file's frame rate (ffprobe), for the recorder's frame-count timestamps. */
function fileFps(source: string): number {
  const file = decodeURIComponent(new URL(source).pathname);
  try {
    const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=avg_frame_rate,r_frame_rate', '-of', 'csv=p=0', file], { encoding: 'utf8' });
    for (const part of out.trim().split(/[\n,]/)) {
      const [n, d] = part.split('/').map(Number);
      const fps = d ? (n as number) / d : (n as number);
      if (Number.isFinite(fps) && fps > 0 && fps <= 240) return fps;
    }
  } catch {
    // fall through: OpenCV will still read the file; the recorder assumes 10 fps
  }
  return 10;
}

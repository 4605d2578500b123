// Live frames of every camera to whoever watches (WebSocket subscriptions and MJPEG streams).
// A camera is asked for pixels only while someone watches, at the highest rate any viewer wants
// (ref-counted; 0 when the last one leaves). Each viewer has its own rate; a frame taken by several
// viewers is one LiveFrame, so its encodes are shared.
import type { Box, TrackedObject } from '../contracts/domain';
import type { FramePixels } from '../contracts/worker-protocol';
import { AppError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { FpsGate } from './fps-gate';
import { LiveFrame } from './frame-encoder-cache';

/** What a camera offers the live view (main.ts adapts the camera set to it). */
export interface LiveCameraFeed {
  /** Ask the capture process for live frames at this rate; 0 stops them. */
  setLiveFps(fps: number): void;
  /** Every frame that arrives with pixels; returns the unsubscribe function. */
  onPixels(fn: (timeMs: number, pixels: FramePixels) => void): () => void;
  /** Confirmed objects tracked now. */
  objects(): readonly TrackedObject[];
  /** Motion boxes and detector regions of the last processed frame. */
  overlay(): { motion: Box[]; regions: Box[] };
}

export interface LiveViewerHandle {
  /** Change this viewer's rate. */
  update(fps: number): void;
  close(): void;
}

interface Viewer {
  gate: FpsGate;
  onFrame: (frame: LiveFrame) => void;
}

interface Channel {
  viewers: Set<Viewer>;
  unlisten: (() => void) | null;
  demand: number;
}

export interface LiveBroadcasterOptions {
  cameras: ReadonlyMap<string, LiveCameraFeed>;
  log: Logger;
  now?: () => number;
}

/** Highest rate a camera is asked for (the protocol's maximum). */
export const MAX_LIVE_FPS = 10;

export class LiveBroadcaster {
  private readonly channels = new Map<string, Channel>();
  private readonly now: () => number;
  /** LiveFrames made (one per incoming frame that some viewer took). */
  framesMade = 0;

  constructor(private readonly opts: LiveBroadcasterOptions) {
    this.now = opts.now ?? Date.now;
  }

  has(camera: string): boolean {
    return this.opts.cameras.has(camera);
  }

  /** Watches a camera at `fps`; AppError not_found for an unknown camera. */
  watch(camera: string, fps: number, onFrame: (frame: LiveFrame) => void): LiveViewerHandle {
    const feed = this.opts.cameras.get(camera);
    if (!feed) throw new AppError('not_found', `unknown camera: ${camera.slice(0, 64)}`);
    let ch = this.channels.get(camera);
    if (!ch) {
      ch = { viewers: new Set(), unlisten: null, demand: 0 };
      this.channels.set(camera, ch);
    }
    const channel = ch;
    const viewer: Viewer = { gate: new FpsGate(Math.min(MAX_LIVE_FPS, fps)), onFrame };
    channel.viewers.add(viewer);
    if (!channel.unlisten) channel.unlisten = feed.onPixels((t, px) => this.deliver(camera, feed, channel, t, px));
    this.updateDemand(feed, channel);
    let open = true;
    return {
      update: (next) => {
        if (!open) return;
        viewer.gate.setFps(Math.min(MAX_LIVE_FPS, next));
        this.updateDemand(feed, channel);
      },
      close: () => {
        if (!open) return;
        open = false;
        channel.viewers.delete(viewer);
        if (channel.viewers.size === 0) {
          channel.unlisten?.();
          channel.unlisten = null;
          this.channels.delete(camera);
        }
        this.updateDemand(feed, channel);
      },
    };
  }

  /** Viewers per camera right now. */
  viewers(): Record<string, number> {
    return Object.fromEntries([...this.channels].map(([name, ch]) => [name, ch.viewers.size]));
  }

  /** Stops every camera's live frames (shutdown). */
  close(): void {
    for (const [camera, ch] of this.channels) {
      ch.viewers.clear();
      ch.unlisten?.();
      this.opts.cameras.get(camera)?.setLiveFps(0);
    }
    this.channels.clear();
  }

  private updateDemand(feed: LiveCameraFeed, ch: Channel): void {
    let want = 0;
    for (const v of ch.viewers) want = Math.max(want, v.gate.rate);
    if (want === ch.demand) return;
    ch.demand = want;
    feed.setLiveFps(want);
  }

  private deliver(camera: string, feed: LiveCameraFeed, ch: Channel, timeMs: number, pixels: FramePixels): void {
    const now = this.now();
    let frame: LiveFrame | null = null;
    for (const v of [...ch.viewers]) {
      if (!v.gate.take(now)) continue;
      if (!frame) {
        frame = new LiveFrame(camera, timeMs, pixels, feed.objects(), feed.overlay());
        this.framesMade++;
      }
      try {
        v.onFrame(frame);
      } catch (e) {
        this.opts.log.warn({ err: e, camera }, 'live viewer failed');
      }
    }
  }
}

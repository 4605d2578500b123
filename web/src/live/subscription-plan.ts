// Pure rules for live-frame subscriptions: fit fps/height to a tile, merge several viewers of one
// camera into one subscription, and the reconnect delay of the socket.

export interface FrameRequest {
  fps: number;
  height: number;
}

/** Server limits (ws-messages.ts: fps 0.2–10, height 90–1080). */
export const FPS_RANGE = [0.2, 10] as const;
export const HEIGHT_RANGE = [90, 1080] as const;

/** Heights are rounded up to these steps so a resize by a few pixels does not resubscribe. */
const HEIGHT_STEPS = [90, 180, 270, 360, 480, 540, 720, 900, 1080];

export function clampRequest(r: FrameRequest): FrameRequest {
  const fps = Math.min(FPS_RANGE[1], Math.max(FPS_RANGE[0], Number.isFinite(r.fps) ? r.fps : FPS_RANGE[0]));
  const height = Math.min(HEIGHT_RANGE[1], Math.max(HEIGHT_RANGE[0], Number.isFinite(r.height) ? Math.round(r.height) : HEIGHT_RANGE[0]));
  return { fps, height };
}

/**
 * What a tile asks for: device pixels of its height (rounded up to a step, never above the
 * detect frame), 10 fps for a large view and 5 fps for a grid tile; with many tiles on screen
 * each gets less so a 2-core box and a phone keep up.
 */
export function fitRequest(tileCssHeight: number, devicePixelRatio: number, opts: { large: boolean; visibleTiles: number; sourceHeight: number | null }): FrameRequest {
  const want = Math.max(1, tileCssHeight) * Math.min(2, Math.max(1, devicePixelRatio || 1));
  let height = HEIGHT_STEPS.find((s) => s >= want) ?? HEIGHT_RANGE[1];
  if (opts.sourceHeight !== null && opts.sourceHeight > 0 && height > opts.sourceHeight) height = opts.sourceHeight;
  let fps = opts.large ? 10 : 5;
  if (!opts.large && opts.visibleTiles > 4) fps = 3;
  if (!opts.large && opts.visibleTiles > 9) fps = 1;
  return clampRequest({ fps, height });
}

/** One subscription for every viewer of a camera: the most anyone asked for. Null = nobody watches. */
export function mergeRequests(requests: Iterable<FrameRequest>): FrameRequest | null {
  let out: FrameRequest | null = null;
  for (const r of requests) out = out ? { fps: Math.max(out.fps, r.fps), height: Math.max(out.height, r.height) } : { ...r };
  return out ? clampRequest(out) : null;
}

export function sameRequest(a: FrameRequest | null, b: FrameRequest | null): boolean {
  return a === b || (a !== null && b !== null && a.fps === b.fps && a.height === b.height);
}

/** A box on the LAN is back within seconds after a restart: retry at least every 5 s. */
export const RECONNECT_STEPS_MS = [500, 1000, 2000, 3000, 5000] as const;

/** Delay before reconnect attempt `attempt` (0-based), the last step repeating, plus up to 20% jitter. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const i = Math.min(Math.max(0, Math.floor(attempt)), RECONNECT_STEPS_MS.length - 1);
  const base = RECONNECT_STEPS_MS[i] as number;
  return Math.round(base * (1 + 0.2 * random()));
}

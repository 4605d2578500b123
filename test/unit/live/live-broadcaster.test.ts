// The live broadcaster with a fake camera feed: the camera is asked for frames only while someone
// watches, at the highest rate anyone wants; each viewer gets its own rate; one frame taken by
// several viewers is one LiveFrame, encoded once per height.
import sharp from 'sharp';
import type { TrackedObject } from '../../../server/src/contracts/domain';
import type { FramePixels } from '../../../server/src/contracts/worker-protocol';
import { decodeLivePacket } from '../../../server/src/live/live-packet';
import { LiveBroadcaster, type LiveCameraFeed } from '../../../server/src/live/live-broadcaster';
import type { LiveFrame } from '../../../server/src/live/frame-encoder-cache';
import { createLogger } from '../../../server/src/lib/logger';

class FakeFeed implements LiveCameraFeed {
  fpsCalls: number[] = [];
  listeners = new Set<(t: number, p: FramePixels) => void>();
  tracked: TrackedObject[] = [];
  setLiveFps(fps: number): void {
    this.fpsCalls.push(fps);
  }
  onPixels(fn: (t: number, p: FramePixels) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  objects(): TrackedObject[] {
    return this.tracked;
  }
  overlay() {
    return { motion: [[1, 2, 3, 4]] as [number, number, number, number][], regions: [] };
  }
  push(t: number, p: FramePixels): void {
    for (const l of [...this.listeners]) l(t, p);
  }
}

function gradient(width: number, height: number): FramePixels {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set([i % 256, (i >> 3) % 256, 128], i * 3);
  return { data, width, height };
}

const log = createLogger({ level: 'silent' });
let now = 0;
let feed: FakeFeed;
let hub: LiveBroadcaster;
beforeEach(() => {
  now = 0;
  feed = new FakeFeed();
  hub = new LiveBroadcaster({ cameras: new Map([['front', feed]]), log, now: () => now });
});

describe('LiveBroadcaster', () => {
  it('asks for the highest rate anyone wants, and for nothing once the last viewer leaves', () => {
    const a = hub.watch('front', 2, () => undefined);
    const b = hub.watch('front', 5, () => undefined);
    b.update(1);
    const mjpeg = hub.watch('front', 3, () => undefined);
    a.close();
    a.close();
    mjpeg.close();
    expect(feed.listeners.size).toBe(1);
    b.close();
    expect(feed.fpsCalls).toEqual([2, 5, 2, 3, 1, 0]);
    expect(feed.listeners.size).toBe(0);
    expect(hub.viewers()).toEqual({});
    expect(hub.watch('front', 50, () => undefined)).toBeDefined();
    expect(feed.fpsCalls[feed.fpsCalls.length - 1]).toBe(10);
  });

  it('refuses unknown cameras', () => {
    expect(() => hub.watch('back', 1, () => undefined)).toThrow('unknown camera: back');
    expect(feed.fpsCalls).toEqual([]);
  });

  it('gives each viewer its own rate and shares the frames they both take', () => {
    const fast: LiveFrame[] = [];
    const slow: LiveFrame[] = [];
    hub.watch('front', 10, (f) => fast.push(f));
    hub.watch('front', 2, (f) => slow.push(f));
    const px = gradient(32, 24);
    for (let t = 0; t <= 1000; t += 100) {
      now = t;
      feed.push(t, px);
    }
    expect(fast.length).toBe(11);
    // 2 fps: a slot may be taken up to a quarter interval early (fps-gate.ts).
    expect(slow.map((f) => f.header.frame_time * 1000)).toEqual([0, 400, 900]);
    for (const f of slow) expect(fast).toContain(f);
    expect(hub.framesMade).toBe(11);
  });

  it('encodes a frame once per height however many viewers take it, with the overlay in the header', async () => {
    const frames: LiveFrame[] = [];
    hub.watch('front', 5, (f) => frames.push(f));
    hub.watch('front', 5, (f) => frames.push(f));
    feed.tracked = [{ id: 't1', camera: 'front', label: 'person', score: 0.9, top_score: 0.9, box: [2, 2, 20, 20], area: 324, ratio: 1, region: null, frame_time: 0, start_time: 0, last_seen: 0, current_zones: [], entered_zones: [], stationary: true, motionless_count: 0, hits: 3, confirmed: true }];
    feed.push(1_700_000_000_000, gradient(64, 48));
    expect(frames.length).toBe(2);
    expect(frames[0]).toBe(frames[1]);
    const [p1, p2, p3] = await Promise.all([frames[0]!.packet(24), frames[1]!.packet(24), frames[0]!.packet(2000)]);
    expect(p1).toBe(p2);
    expect(frames[0]!.encodes).toBe(2);
    const { header, jpeg } = decodeLivePacket(p1);
    expect(header).toEqual({
      camera: 'front', frame_time: 1_700_000_000, width: 64, height: 48,
      objects: [{ id: 't1', label: 'person', score: 0.9, box: [2, 2, 20, 20], stationary: true }],
      motion: [[1, 2, 3, 4]], regions: [],
    });
    expect(await sharp(jpeg).metadata()).toMatchObject({ format: 'jpeg', width: 32, height: 24 });
    // Never upscaled beyond the frame.
    expect(await sharp(decodeLivePacket(p3).jpeg).metadata()).toMatchObject({ width: 64, height: 48 });
  });

  it('keeps delivering to the others when a viewer throws', () => {
    const got: number[] = [];
    hub.watch('front', 5, () => {
      throw new Error('boom');
    });
    hub.watch('front', 5, (f) => got.push(f.header.frame_time));
    feed.push(1000, gradient(8, 8));
    expect(got).toEqual([1]);
  });

  it('stops every camera on close', () => {
    hub.watch('front', 4, () => undefined);
    hub.close();
    expect(feed.fpsCalls).toEqual([4, 0]);
    expect(feed.listeners.size).toBe(0);
  });
});

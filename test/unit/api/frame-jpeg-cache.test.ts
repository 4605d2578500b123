// latest.jpg's encode cache: one encode per frame and options, a new frame or new options encode
// again, a failed encode is retried, and at most a few variants of a frame are kept.
import type { FramePixels } from '../../../server/src/contracts/worker-protocol';
import { FrameJpegCache } from '../../../server/src/api/frame-jpeg-cache';

const frame = (): FramePixels => ({ data: new Uint8Array(12), width: 2, height: 2 });

describe('FrameJpegCache', () => {
  it('encodes a frame once per set of options', async () => {
    const calls: string[] = [];
    const cache = new FrameJpegCache(async (_f, o) => {
      calls.push(`${o.height}/${o.quality}`);
      return Buffer.from(`jpeg ${o.height}`);
    });
    const a = frame();
    const [x, y] = await Promise.all([cache.jpeg(a, { quality: 70 }), cache.jpeg(a, { quality: 70 })]);
    expect(x).toBe(y);
    await cache.jpeg(a, { quality: 70, height: 144 });
    await cache.jpeg(a, { quality: 70, overlaySvg: '<svg/>' });
    await cache.jpeg(frame(), { quality: 70 });
    expect(calls).toEqual(['undefined/70', '144/70', 'undefined/70', 'undefined/70']);
    expect(cache.encodes).toBe(4);
  });

  it('tries again after a failed encode', async () => {
    let n = 0;
    const cache = new FrameJpegCache(async () => {
      n++;
      if (n === 1) throw new Error('vips says no');
      return Buffer.from('ok');
    });
    const a = frame();
    await expect(cache.jpeg(a, {})).rejects.toThrow('vips says no');
    await expect(cache.jpeg(a, {})).resolves.toEqual(Buffer.from('ok'));
  });

  it('keeps at most eight variants of one frame', async () => {
    const cache = new FrameJpegCache(async (_f, o) => Buffer.from(String(o.height)));
    const a = frame();
    for (let h = 100; h < 110; h++) await cache.jpeg(a, { height: h });
    await cache.jpeg(a, { height: 109 });
    await cache.jpeg(a, { height: 100 });
    expect(cache.encodes).toBe(11);
  });
});

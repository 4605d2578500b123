// The ffmpeg decoder source with a real ffmpeg: frames in order at the source's size and rate, the
// same picture OpenCV decodes, frame buffers reused, and a clear failure for a camera that is not
// there.
import { FfmpegSource } from '../../../server/src/capture/ffmpeg-source';
import { describeSource } from '../../../server/src/capture/source';
import { loadOpenCV } from '../../../server/src/lib/opencv';
import { VTEST } from '../../helpers/fixtures';
import { freePort } from '../../helpers/net';

const cv = loadOpenCV();
const OPTS = { rtspTransport: 'tcp' as const, stallTimeoutMs: 20_000 };

describe('FfmpegSource', () => {
  it('decodes a video like OpenCV does, at the source rate, reusing its buffers', async () => {
    const r = await FfmpegSource.open(cv, describeSource(`file://${VTEST}`), { width: null, height: null }, OPTS);
    if (!r.ok) throw new Error(r.reason);
    const src = r.source as FfmpegSource;
    try {
      expect([src.width, src.height, src.fps, src.rawPixFmt]).toEqual([768, 576, 10, 'yuv420p']);
      const cap = new cv.VideoCapture(VTEST);
      const expected = cap.read().cvtColor(cv.COLOR_BGR2RGB).getData();
      cap.release();
      const got = r.first.rgb();
      let diff = 0;
      for (let i = 0; i < expected.length; i++) diff += Math.abs((got.data[i] as number) - (expected[i] as number));
      expect(diff / expected.length).toBeLessThan(4);
      r.first.release();
      for (let i = 0; i < 60; i++) {
        const f = await src.read();
        expect(f).not.toBeNull();
        expect([f!.width, f!.height]).toEqual([768, 576]);
        f!.release();
      }
      // One being filled, one or two queued, the one just read: never one per frame.
      expect(src.buffersAllocated).toBeLessThanOrEqual(5);
    } finally {
      src.close();
    }
    expect(await src.read()).toBeNull();
  });

  it('scales to the detect size', async () => {
    const r = await FfmpegSource.open(cv, describeSource(`file://${VTEST}`), { width: 384, height: 288 }, OPTS);
    if (!r.ok) throw new Error(r.reason);
    try {
      expect([r.source.width, r.source.height]).toEqual([768, 576]);
      expect([r.first.bgr().cols, r.first.bgr().rows]).toEqual([384, 288]);
      expect([r.first.rgb().width, r.first.rgb().height]).toEqual([384, 288]);
      r.first.release();
    } finally {
      r.source.close();
    }
  });

  it('fails with the camera named (credentials masked) when nothing listens', async () => {
    const port = await freePort();
    const r = await FfmpegSource.open(cv, describeSource(`rtsp://u:secret@127.0.0.1:${port}/cam`), { width: null, height: null }, OPTS);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe(`cannot open rtsp://u:***@127.0.0.1:${port}/cam`);
      expect(r.reason).not.toContain('secret');
    }
  });
});

// Frames as the capture child sees them, with real OpenCV: an I420 frame (what the ffmpeg decoder
// delivers) gives the same picture as BGR, RGB and grey as OpenCV's own conversions, at the
// detect size (grey is the Y plane as decoded: limited range, at the source size when the detect
// size has the same aspect), and its buffer goes back to the pool only when the frame is released.
import { BgrFrame, BufferPool, I420Frame } from '../../../server/src/capture/captured-frame';
import { loadOpenCV } from '../../../server/src/lib/opencv';
import { VTEST } from '../../helpers/fixtures';

const cv = loadOpenCV();

function vtestFrame() {
  const cap = new cv.VideoCapture(VTEST);
  const bgr = cap.read();
  cap.release();
  return bgr;
}

/** Mean absolute difference of two equally sized byte arrays. */
function mad(a: Uint8Array, b: Uint8Array): number {
  expect(a.length).toBe(b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
}

describe('captured frames', () => {
  const bgr = vtestFrame();
  const i420 = bgr.cvtColor(cv.COLOR_BGR2YUV_I420).getData();
  const W = bgr.cols;
  const H = bgr.rows;

  it('an I420 frame at the source size matches the BGR picture in every view', () => {
    const given: Buffer[] = [];
    const f = new I420Frame(cv, Buffer.from(i420), W, H, W, H, (b) => given.push(b));
    expect([f.bgr().cols, f.bgr().rows, f.bgr().channels]).toEqual([W, H, 3]);
    // 4:2:0 chroma: colours differ by a few levels around edges, not more.
    expect(mad(f.bgr().getData(), bgr.getData())).toBeLessThan(4);
    const rgb = f.rgb();
    expect([rgb.width, rgb.height, rgb.data.length]).toEqual([W, H, W * H * 3]);
    expect(mad(rgb.data, bgr.cvtColor(cv.COLOR_BGR2RGB).getData())).toBeLessThan(4);
    const grey = f.motionInput();
    expect([grey.cols, grey.rows, grey.channels]).toEqual([W, H, 1]);
    // Video luma (16-235): stretched to full range it is OpenCV's grey of the BGR picture.
    expect(f.motionRange).toBe('limited');
    const full = grey.convertTo(cv.CV_8U, 255 / 219, (-16 * 255) / 219);
    expect(mad(full.getData(), bgr.cvtColor(cv.COLOR_BGR2GRAY).getData())).toBeLessThan(2);
    full.release();
    expect(f.raw()).toEqual({ data: Buffer.from(i420), pixFmt: 'yuv420p' });
    expect(given).toHaveLength(0);
    f.release();
    f.release();
    expect(given).toHaveLength(1);
  });

  it('an I420 frame scales every view to the detect size, RGB also without BGR first', () => {
    const a = new I420Frame(cv, Buffer.from(i420), W, H, 384, 288, () => undefined);
    const b = new I420Frame(cv, Buffer.from(i420), W, H, 384, 288, () => undefined);
    // Same aspect: motion shrinks the Y plane itself, so it is handed over at the source size.
    expect([a.motionInput().cols, a.motionInput().rows]).toEqual([W, H]);
    expect([a.bgr().cols, a.bgr().rows]).toEqual([384, 288]);
    const viaBgr = a.rgb();
    const direct = b.rgb();
    expect([direct.width, direct.height]).toEqual([384, 288]);
    expect(mad(viaBgr.data, direct.data)).toBeLessThan(2);
    const small = bgr.resize(288, 384).cvtColor(cv.COLOR_BGR2RGB).getData();
    expect(mad(direct.data, small)).toBeLessThan(4);
    a.release();
    b.release();
  });

  it('an I420 frame resizes grey to a detect size of another aspect ratio', () => {
    const f = new I420Frame(cv, Buffer.from(i420), W, H, 400, 288, () => undefined);
    expect([f.motionInput().cols, f.motionInput().rows, f.motionInput().channels]).toEqual([400, 288, 1]);
    f.release();
  });

  it('a BGR frame converts lazily and keeps its picture', () => {
    const f = new BgrFrame(cv, bgr.copy(), 384, 288);
    expect([f.width, f.height]).toEqual([W, H]);
    expect(f.motionInput()).toBe(f.bgr());
    expect(mad(f.rgb().data, bgr.resize(288, 384).cvtColor(cv.COLOR_BGR2RGB).getData())).toBe(0);
    expect(f.raw().pixFmt).toBe('bgr24');
    expect(f.raw().data.length).toBe(W * H * 3);
    f.release();
  });

  it('a buffer pool reuses what it is given back', () => {
    const pool = new BufferPool(2);
    const a = pool.take(100);
    pool.give(a);
    expect(pool.take(80)).toBe(a);
    expect(pool.take(100)).not.toBe(a);
    expect(pool.allocated).toBe(2);
  });
});

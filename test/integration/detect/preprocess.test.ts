// Preprocessing with real OpenCV: letterbox border, channel order, normalisation, layout and type
// checked value by value on small synthetic frames, and sampled on a real photo.
import { tensorBytes, type ModelInputSpec } from '../../../server/src/contracts/worker-protocol';
import { preprocessRegion, fullFrame } from '../../../server/src/detect/preprocess';
import { loadOpenCV } from '../../../server/src/lib/opencv';

const cv = loadOpenCV();
const DATA = '/usr/share/doc/opencv-doc/examples/data';

const spec = (over: Partial<ModelInputSpec> = {}): ModelInputSpec => ({
  width: 8,
  height: 8,
  layout: 'nchw',
  channelOrder: 'bgr',
  dtype: 'float32',
  mean: [0, 0, 0],
  std: [1, 1, 1],
  padValue: 0,
  ...over,
});

/** An 8 wide, 4 high BGR frame of one colour. */
const flat = (b: number, g: number, r: number) => new cv.Mat(4, 8, cv.CV_8UC3, [b, g, r]);

/** Tensor values as numbers, indexed [channel][row][col] whatever the layout. */
function planes(data: Uint8Array, s: ModelInputSpec): number[][][] {
  const vals = s.dtype === 'float32' ? new Float32Array(data.buffer, data.byteOffset, data.byteLength / 4) : data;
  const at = (c: number, y: number, x: number) => (s.layout === 'nchw' ? vals[(c * s.height + y) * s.width + x] : vals[(y * s.width + x) * 3 + c]) as number;
  return [0, 1, 2].map((c) => Array.from({ length: s.height }, (_, y) => Array.from({ length: s.width }, (_, x) => at(c, y, x))));
}

/** Rows 0-1 and 6-7 are border (an 8x4 frame centred in 8x8), rows 2-5 the image. */
function expectRows(plane: number[][], border: number, image: number): void {
  plane.forEach((row, y) => row.forEach((v) => expect(v).toBeCloseTo(y < 2 || y > 5 ? border : image, 5)));
}

describe('preprocessRegion', () => {
  test('letterbox: centred, border rows, letterbox returned', () => {
    const s = spec();
    const { data, letterbox } = preprocessRegion(cv, flat(10, 20, 30), [0, 0, 8, 4], s);
    expect(data.byteLength).toBe(tensorBytes(s));
    expect(letterbox).toEqual({ originX: 0, originY: 0, scale: 1, padX: 0, padY: 2 });
    const p = planes(data, s);
    expectRows(p[0] as number[][], 0, 10);
    expectRows(p[1] as number[][], 0, 20);
    expectRows(p[2] as number[][], 0, 30);
  });

  test('RGB order swaps the channels', () => {
    const s = spec({ channelOrder: 'rgb' });
    const p = planes(preprocessRegion(cv, flat(10, 20, 30), [0, 0, 8, 4], s).data, s);
    expectRows(p[0] as number[][], 0, 30);
    expectRows(p[2] as number[][], 0, 10);
  });

  test('per-channel (p - mean) / std, border normalised too', () => {
    const s = spec({ mean: [10, 20, 30], std: [2, 4, 5] });
    const p = planes(preprocessRegion(cv, flat(20, 40, 80), [0, 0, 8, 4], s).data, s);
    expectRows(p[0] as number[][], -5, 5);
    expectRows(p[1] as number[][], -5, 5);
    expectRows(p[2] as number[][], -6, 10);
  });

  test('uint8 NHWC with a grey border is the raw interleaved pixels', () => {
    const s = spec({ layout: 'nhwc', dtype: 'uint8', padValue: 114 });
    const { data } = preprocessRegion(cv, flat(1, 2, 3), [0, 0, 8, 4], s);
    expect(data.byteLength).toBe(8 * 8 * 3);
    expect(Array.from(data.subarray(0, 6))).toEqual([114, 114, 114, 114, 114, 114]);
    expect(Array.from(data.subarray(2 * 8 * 3, 2 * 8 * 3 + 6))).toEqual([1, 2, 3, 1, 2, 3]);
  });

  test.each<[ModelInputSpec['layout'], ModelInputSpec['dtype']]>([
    ['nhwc', 'float32'],
    ['nchw', 'uint8'],
  ])('%s %s', (layout, dtype) => {
    const s = spec({ layout, dtype, padValue: 7 });
    const p = planes(preprocessRegion(cv, flat(10, 20, 30), [0, 0, 8, 4], s).data, s);
    expectRows(p[0] as number[][], 7, 10);
    expectRows(p[1] as number[][], 7, 20);
    expectRows(p[2] as number[][], 7, 30);
  });

  test('top-left placement puts all the border below', () => {
    const s = spec({ placement: 'top-left' });
    const { data, letterbox } = preprocessRegion(cv, flat(10, 20, 30), [0, 0, 8, 4], s);
    expect(letterbox.padY).toBe(0);
    const p = planes(data, s)[0] as number[][];
    p.forEach((row, y) => row.forEach((v) => expect(v).toBe(y < 4 ? 10 : 0)));
  });

  test('a region crops the frame; it is scaled up to the input and clipped at the frame edge', () => {
    // 16x16 frame: left half blue (255,0,0), right half red (0,0,255).
    const frame = new cv.Mat(16, 16, cv.CV_8UC3, [255, 0, 0]);
    frame.drawRectangle(new cv.Rect(8, 0, 8, 16), new cv.Vec3(0, 0, 255), -1);
    const s = spec({ width: 8, height: 8 });
    // Region [8, 4, 24, 20] reaches 8 px past the right and 4 px past the bottom: only the 8x12 red part is read.
    const { data, letterbox } = preprocessRegion(cv, frame, [8, 4, 24, 20], s);
    expect(letterbox).toEqual({ originX: 8, originY: 4, scale: 8 / 12, padX: 1, padY: 0 });
    const [b, , r] = planes(data, s) as number[][][];
    // 8·(8/12) ≈ 5.33 → 5 columns of image (1..5), centred: 1 column of border left, 2 right.
    expect((b as number[][]).every((row) => row.every((v) => v === 0))).toBe(true);
    expect((r as number[][])[4]).toEqual([0, 255, 255, 255, 255, 255, 0, 0]);
  });

  test('writes into a given buffer (e.g. shared memory) and refuses a wrong size or frame type', () => {
    const s = spec();
    const shared = new Uint8Array(new SharedArrayBuffer(tensorBytes(s)));
    const { data } = preprocessRegion(cv, flat(10, 20, 30), [0, 0, 8, 4], s, shared);
    expect(data).toBe(shared);
    expect(new Float32Array(shared.buffer)[2 * 8]).toBe(10);
    expect(() => preprocessRegion(cv, flat(1, 2, 3), [0, 0, 8, 4], s, new Uint8Array(10))).toThrow(expect.objectContaining({ code: 'bad_request' }));
    expect(() => preprocessRegion(cv, new cv.Mat(4, 8, cv.CV_8UC1, 0), [0, 0, 8, 4], s)).toThrow(/8-bit 3-channel/);
  });

  test('a real photo: sampled tensor values equal OpenCV resize + border + normalisation', () => {
    const img = cv.imread(`${DATA}/messi5.jpg`);
    const s = spec({ width: 416, height: 416, mean: [103.53, 116.28, 123.675], std: [57.375, 57.12, 58.395] });
    const { data, letterbox } = preprocessRegion(cv, img, fullFrame(img), s);
    // messi5.jpg is 548x342: scale 416/548, 260 rows of image, 78 rows of border above.
    expect(letterbox.padY).toBe(78);
    const ref = img.resize(260, 416, 0, 0, cv.INTER_LINEAR);
    const vals = new Float32Array(data.buffer, data.byteOffset, data.byteLength / 4);
    for (let i = 0; i < 200; i++) {
      const x = (i * 97) % 416;
      const y = (i * 53) % 416;
      for (let c = 0; c < 3; c++) {
        const v = vals[(c * 416 + y) * 416 + x] as number;
        const inside = y >= 78 && y < 78 + 260;
        const pixel = inside ? (ref.atRaw(y - 78, x) as unknown as number[])[c] as number : 0;
        expect(v).toBeCloseTo((pixel - (s.mean[c] as number)) / (s.std[c] as number), 4);
      }
    }
  });
});

import { reshapeTarget, splitSizes } from '../../../../scripts/convert/shape-inference';
import { makeTensor, transposeTensor } from '../../../../scripts/convert/tensor';

describe('transposeTensor', () => {
  it('turns a TF HWIO filter into ONNX OIHW', () => {
    // H=1, W=2, I=2, O=3: value = 100*w + 10*i + o
    const hwio = makeTensor('float32', [1, 2, 2, 3], [0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112]);
    const oihw = transposeTensor(hwio, [3, 2, 0, 1]);
    expect(oihw.shape).toEqual([3, 2, 1, 2]);
    // O-major: for o, for i, for h, for w
    expect(Array.from(oihw.data)).toEqual([0, 100, 10, 110, 1, 101, 11, 111, 2, 102, 12, 112]);
  });

  it('rejects a permutation of the wrong rank', () => {
    expect(() => transposeTensor(makeTensor('int32', [2], [1, 2]), [1, 0])).toThrow(/does not fit rank 1/);
  });
});

describe('reshapeTarget', () => {
  it.each([
    [[1, 80, 52, 52], [1, 80, -1], [1, 80, 2704]],
    [[1, 44, 10, 10], [1, 44, -1], [1, 44, 100]],
    [[2, 3], [3, 2], [3, 2]],
    [[2, 0, 3], [-1, 3], [0, 3]],
  ])('%j to %j is %j', (input, target, out) => {
    expect(reshapeTarget(input, target, 'r')).toEqual(out);
  });

  it.each([
    [[1, 80, 40, 40], [1, 80, 2704]], // a target still sized for 416 on a 320 graph
    [[2, 3], [-1, 4]],
    [[2, 3], [-1, -1]],
  ])('rejects %j to %j', (input, target) => {
    expect(() => reshapeTarget(input, target, 'r')).toThrow(/cannot reshape/);
  });
});

describe('splitSizes', () => {
  it('resolves one -1', () => {
    expect(splitSizes([80, -1], 124, 's')).toEqual([80, 44]);
    expect(splitSizes([80, 44], 124, 's')).toEqual([80, 44]);
  });

  it('rejects sizes that do not add up', () => {
    expect(() => splitSizes([80, 40], 124, 's')).toThrow(/do not fit/);
    expect(() => splitSizes([-1, -1], 124, 's')).toThrow(/do not fit/);
  });
});

import { decodeHalfArray, halfToFloat } from '../../../../scripts/convert/half-float';

// Literal IEEE 754 binary16 bit patterns and their exact values.
const TABLE: [number, number][] = [
  [0x0000, 0],
  [0x3c00, 1],
  [0xbc00, -1],
  [0x4000, 2],
  [0xc000, -2],
  [0x3800, 0.5],
  [0x3555, 0.333251953125],
  [0x3bff, 0.99951171875],
  [0x3c01, 1.0009765625],
  [0x7bff, 65504], // largest finite
  [0xfbff, -65504],
  [0x0400, 2 ** -14], // smallest normal
  [0x03ff, 1023 * 2 ** -24], // largest subnormal
  [0x0200, 2 ** -15], // a subnormal
  [0x0001, 2 ** -24], // smallest subnormal
  [0x8001, -(2 ** -24)],
  [0x7c00, Infinity],
  [0xfc00, -Infinity],
];

describe('halfToFloat', () => {
  it.each(TABLE)('0x%s decodes exactly', (bits, value) => {
    expect(halfToFloat(bits)).toBe(value);
  });

  it('keeps the sign of zero', () => {
    expect(Object.is(halfToFloat(0x8000), -0)).toBe(true);
    expect(Object.is(halfToFloat(0x0000), 0)).toBe(true);
  });

  it.each([0x7e00, 0x7c01, 0xfe00, 0x7fff])('0x%s is NaN', (bits) => {
    expect(halfToFloat(bits)).toBeNaN();
  });
});

describe('decodeHalfArray', () => {
  it('reads little-endian halves from an offset', () => {
    // two junk bytes, then 1, -2, +inf, smallest subnormal, NaN
    const bytes = new Uint8Array([0xaa, 0xbb, 0x00, 0x3c, 0x00, 0xc0, 0x00, 0x7c, 0x01, 0x00, 0x00, 0x7e]);
    const out = decodeHalfArray(bytes, 2, 5);
    expect(Array.from(out.subarray(0, 4))).toEqual([1, -2, Infinity, 2 ** -24]);
    expect(out[4]).toBeNaN();
  });

  it('agrees with halfToFloat for every bit pattern', () => {
    const bytes = new Uint8Array(2 * 65536);
    for (let b = 0; b < 65536; b++) {
      bytes[2 * b] = b & 0xff;
      bytes[2 * b + 1] = b >> 8;
    }
    const out = decodeHalfArray(bytes, 0, 65536);
    let mismatches = 0;
    for (let b = 0; b < 65536; b++) if (!Object.is(out[b], Math.fround(halfToFloat(b)))) mismatches++;
    expect(mismatches).toBe(0);
  });
});

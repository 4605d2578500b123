// IEEE 754 half-precision decoding. Node 20 has no Float16Array, and TFJS stores float32 weights
// as float16 when the weights manifest says `quantization: {dtype: float16}`.

/** The exact float value of one half-float bit pattern (subnormals, ±0, ±inf and NaN included). */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // subnormal (and signed zero)
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

let table: Float32Array | undefined;

/** All 65536 half floats as float32; every half value is exactly representable in float32. */
function lookupTable(): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    for (let bits = 0; bits < 65536; bits++) table[bits] = halfToFloat(bits);
  }
  return table;
}

/** Decodes `count` little-endian half floats starting at `byteOffset` of `bytes`. */
export function decodeHalfArray(bytes: Uint8Array, byteOffset: number, count: number): Float32Array {
  const lut = lookupTable();
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const p = byteOffset + 2 * i;
    out[i] = lut[(bytes[p] ?? 0) | ((bytes[p + 1] ?? 0) << 8)] ?? 0;
  }
  return out;
}

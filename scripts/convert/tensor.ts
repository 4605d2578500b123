// Constant tensors as the converter holds them between reading TF weights and writing ONNX.
// Integers are kept as Int32Array even when TF declares int64: TFJS stores int64 constants as
// int32, so their values always fit, and the writer widens them when the ONNX type asks for it.
// int8/uint8 hold quantised weights, zero points and (in tests) quantised activations.
import { AppError } from '../../server/src/lib/errors';

export type DType = 'float32' | 'int32' | 'int64' | 'int8' | 'uint8';

export type TensorData = Float32Array | Int32Array | Int8Array | Uint8Array;

export interface ConstTensor {
  dtype: DType;
  shape: number[];
  data: TensorData;
}

/** A zeroed array of the element type that holds `dtype` (int64 lives in Int32Array). */
export function allocData(dtype: DType, n: number): TensorData {
  switch (dtype) {
    case 'float32':
      return new Float32Array(n);
    case 'int8':
      return new Int8Array(n);
    case 'uint8':
      return new Uint8Array(n);
    default:
      return new Int32Array(n);
  }
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** The TF `DT_*` enum name for a dtype the converter supports, or a clear error. */
export function dtypeFromTf(tfType: string | undefined, where: string): DType {
  switch (tfType) {
    case 'DT_FLOAT':
      return 'float32';
    case 'DT_INT32':
      return 'int32';
    case 'DT_INT64':
      return 'int64';
    default:
      throw new AppError('unsupported', `${where}: TensorFlow dtype ${tfType ?? '(none)'} is not supported`);
  }
}

export function makeTensor(dtype: DType, shape: number[], values: ArrayLike<number>): ConstTensor {
  const n = elementCount(shape);
  if (values.length !== n) {
    throw new AppError('model_invalid', `tensor of shape [${shape.join(',')}] needs ${n} values, got ${values.length}`);
  }
  const data = allocData(dtype, n);
  for (let i = 0; i < n; i++) data[i] = values[i] as number;
  return { dtype, shape: [...shape], data };
}

/** Integer values of a constant used for bookkeeping (perm, axis, sizes): never a float. */
export function intValues(t: ConstTensor, where: string): number[] {
  if (t.dtype === 'float32') throw new AppError('model_invalid', `${where}: expected an integer constant, got float32`);
  return Array.from(t.data);
}

/** The one value of a scalar (or one-element) integer constant. */
export function scalarInt(t: ConstTensor, where: string): number {
  const v = intValues(t, where);
  if (v.length !== 1 || v[0] === undefined) throw new AppError('model_invalid', `${where}: expected a scalar, got shape [${t.shape.join(',')}]`);
  return v[0];
}

/** A constant with its axes permuted (TF HWIO filters → ONNX OIHW at conversion time). */
export function transposeTensor(t: ConstTensor, perm: readonly number[]): ConstTensor {
  const rank = t.shape.length;
  if (perm.length !== rank) throw new AppError('model_invalid', `permutation [${perm.join(',')}] does not fit rank ${rank}`);
  const shape = perm.map((p) => t.shape[p] as number);
  const inStrides = stridesOf(t.shape);
  const out = allocData(t.dtype, t.data.length);
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let a = 0; a < rank; a++) src += (idx[a] as number) * (inStrides[perm[a] as number] as number);
    out[o] = t.data[src] as number;
    for (let a = rank - 1; a >= 0; a--) {
      idx[a] = (idx[a] as number) + 1;
      if ((idx[a] as number) < (shape[a] as number)) break;
      idx[a] = 0;
    }
  }
  return { dtype: t.dtype, shape, data: out };
}

function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let a = shape.length - 2; a >= 0; a--) s[a] = (s[a + 1] as number) * (shape[a + 1] as number);
  return s;
}

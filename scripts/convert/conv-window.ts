// TF's sliding-window arithmetic for one spatial axis (Conv2D, MaxPool), turned into the explicit
// begin/end padding ONNX wants. SAME puts the odd pixel at the end, like ONNX SAME_UPPER.
import { AppError } from '../../server/src/lib/errors';
import { type TfNode, attrInts, attrString } from './tf-graph';

export type TfPadding = 'VALID' | 'SAME' | 'EXPLICIT';

export interface AxisWindow {
  out: number;
  padBegin: number;
  padEnd: number;
}

export function axisWindow(
  inSize: number,
  kernel: number,
  stride: number,
  dilation: number,
  padding: TfPadding,
  explicit: readonly [number, number] = [0, 0],
): AxisWindow {
  const span = (kernel - 1) * dilation + 1;
  let padBegin = 0;
  let padEnd = 0;
  if (padding === 'SAME') {
    const out = Math.ceil(inSize / stride);
    const total = Math.max((out - 1) * stride + span - inSize, 0);
    padBegin = Math.floor(total / 2);
    padEnd = total - padBegin;
  } else if (padding === 'EXPLICIT') {
    [padBegin, padEnd] = explicit;
  }
  const out = Math.floor((inSize + padBegin + padEnd - span) / stride) + 1;
  if (out < 1) throw new AppError('model_invalid', `window of ${kernel} (dilation ${dilation}) does not fit an axis of ${inSize}`);
  return { out, padBegin, padEnd };
}

export function parsePadding(value: string, where: string): TfPadding {
  if (value === 'VALID' || value === 'SAME' || value === 'EXPLICIT') return value;
  throw new AppError('unsupported', `${where}: padding "${value}" is not supported`);
}

/** Height and width windows of an NHWC Conv2D or MaxPool node, from its attributes. */
export function nodeWindows(node: TfNode, h: number, w: number, kh: number, kw: number): [AxisWindow, AxisWindow] {
  const strides = attrInts(node, 'strides');
  const dil = attrInts(node, 'dilations', [1, 1, 1, 1]);
  const padding = parsePadding(attrString(node, 'padding'), node.name);
  const ex = attrInts(node, 'explicit_paddings', []);
  return [
    axisWindow(h, kh, strides[1] ?? 1, dil[1] ?? 1, padding, [ex[2] ?? 0, ex[3] ?? 0]),
    axisWindow(w, kw, strides[2] ?? 1, dil[2] ?? 1, padding, [ex[4] ?? 0, ex[5] ?? 0]),
  ];
}

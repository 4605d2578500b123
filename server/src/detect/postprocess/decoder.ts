// The shape every model family's output decoder has: pick and check the model's outputs once at
// load time, then turn raw output tensors into scored boxes in model-input pixels.
import type { ModelFamilyName } from '../../contracts/worker-protocol';
import { AppError } from '../../lib/errors';
import type { ScoredBox } from '../nms';

/** An output as the model declares it; string dimensions are symbolic (dynamic). */
export interface OutputInfo {
  name: string;
  shape: readonly (number | string)[];
}

/** An output tensor after a run, as plain numbers. */
export interface OutputTensor {
  dims: readonly number[];
  data: ArrayLike<number>;
}

export interface DecodeContext {
  inputWidth: number;
  inputHeight: number;
  /** Number of class labels (label list length). */
  classes: number;
  /** Candidates below this score are not even decoded. */
  minScore: number;
}

export interface FamilyDecoder {
  family: ModelFamilyName;
  /** Chooses this family's outputs among the model's, in decode order; throws model_invalid when they do not fit. */
  selectOutputs(outputs: readonly OutputInfo[], ctx: DecodeContext): string[];
  /** Checks outputs already given in decode order (from a manifest); throws model_invalid when they do not fit. */
  checkOutputs(ordered: readonly OutputInfo[], ctx: DecodeContext): void;
  /** Scored boxes in model-input pixels, before NMS. */
  decode(outputs: readonly OutputTensor[], ctx: DecodeContext): ScoredBox[];
}

export function describeOutputs(outputs: readonly OutputInfo[]): string {
  return outputs.map((o) => `${o.name} [${o.shape.join(', ')}]`).join(', ') || 'none';
}

/** The model_invalid error every decoder raises when outputs do not fit its family. */
export function outputsMismatch(family: ModelFamilyName, expected: string, outputs: readonly OutputInfo[]): AppError {
  return new AppError('model_invalid', `outputs do not fit the ${family} family: expected ${expected}; the model has ${describeOutputs(outputs)}`);
}

/** A dimension's fixed size, or null when it is symbolic. */
export function fixedDim(shape: readonly (number | string)[], i: number): number | null {
  const d = shape[i];
  return typeof d === 'number' && d >= 0 ? d : null;
}

/** True when a dimension is symbolic or equals `n`. */
export function dimFits(shape: readonly (number | string)[], i: number, n: number): boolean {
  const d = fixedDim(shape, i);
  return d === null || d === n;
}

/** Runtime check of an output's dims; a model that changes shape between load and run is broken. */
export function expectDims(family: ModelFamilyName, t: OutputTensor, expected: string, ok: boolean): void {
  if (!ok) throw new AppError('model_invalid', `${family} output has dims [${t.dims.join(', ')}], expected ${expected}`);
}

// Calibration: runs the float model in onnxruntime on real input tensors with the activations to
// quantise added as extra graph outputs, and collects their statistics (tensor-stats.ts). A first
// pass records ranges; an optional second pass fills histograms over those ranges. One intra-op
// thread, so the same inputs give the same statistics on the same machine.
import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import { AppError, errorMessage } from '../../server/src/lib/errors';
import { type OnnxModel, encodeOnnx } from './onnx-graph';
import { outputNames } from './onnx-graph-edit';
import { type TensorStats, emptyStats, observeHistogram, observeRange, startHistogram } from './tensor-stats';

export interface CalibrationInput {
  /** Input tensors, each laid out as the model's single float32 input with `dims`. */
  samples: readonly Float32Array[];
  dims: readonly number[];
  /** Histogram bins per tensor; 0 skips the histogram pass (no percentile rule then). */
  histogramBins: number;
}

/** The model with `tensors` added as float32 outputs (shapes left to onnxruntime). */
export function withTaps(model: OnnxModel, tensors: readonly string[]): Uint8Array {
  const have = outputNames(model.graph);
  const taps: onnx.IValueInfoProto[] = tensors
    .filter((t) => !have.has(t))
    .map((name) => ({ name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } }));
  return encodeOnnx({ ...model, graph: { ...model.graph, outputs: [...model.graph.outputs, ...taps] } });
}

export async function collectStats(model: OnnxModel, tensors: readonly string[], input: CalibrationInput): Promise<Map<string, TensorStats>> {
  if (input.samples.length === 0) throw new AppError('bad_request', 'calibration needs at least one input tensor');
  const inputName = model.graph.inputs[0]?.name;
  if (!inputName || model.graph.inputs.length !== 1) throw new AppError('unsupported', 'calibration feeds models with exactly one input');
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(withTaps(model, tensors), {
      graphOptimizationLevel: 'basic',
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      logSeverityLevel: 3,
    });
  } catch (e) {
    throw new AppError('model_invalid', `onnxruntime cannot load the calibration model: ${errorMessage(e)}`);
  }
  const stats = new Map(tensors.map((t) => [t, emptyStats()]));
  const each = async (observe: (s: TensorStats, data: Float32Array) => void) => {
    for (const sample of input.samples) {
      const out = await session.run({ [inputName]: new ort.Tensor('float32', sample, [...input.dims]) }, [...tensors]);
      for (const t of tensors) {
        const v = out[t] as ort.Tensor | undefined;
        if (!v || v.type !== 'float32') throw new AppError('model_invalid', `calibration output ${t} is missing or not float32`);
        observe(stats.get(t) as TensorStats, v.data as Float32Array);
      }
    }
  };
  try {
    await each(observeRange);
    if (input.histogramBins > 0) {
      for (const s of stats.values()) startHistogram(s, input.histogramBins);
      await each(observeHistogram);
    }
  } finally {
    await session.release();
  }
  return stats;
}

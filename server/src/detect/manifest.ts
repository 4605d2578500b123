// The model manifest: a JSON file beside an ONNX model saying how to feed it and read it.
// Written by scripts/prepare-models.ts for the default models; users may write one for theirs.
import { z } from 'zod';

export const manifestSchema = z.strictObject({
  /** Manifest format version. */
  version: z.literal(1),
  name: z.string().min(1),
  /** ONNX file, relative to the manifest's folder. */
  file: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  family: z.enum(['nanodet', 'yolov8', 'yolox', 'ssd']),
  input: z.strictObject({
    name: z.string().min(1),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    layout: z.enum(['nchw', 'nhwc']),
    channel_order: z.enum(['rgb', 'bgr']),
    dtype: z.enum(['float32', 'uint8']),
    mean: z.tuple([z.number(), z.number(), z.number()]),
    std: z.tuple([z.number(), z.number(), z.number()]),
    /** How the frame is fitted: letterbox keeps the aspect ratio and pads with pad_value. */
    resize: z.literal('letterbox'),
    pad_value: z.number().int().min(0).max(255),
  }),
  /** Label file relative to the manifest's folder (one label per line). */
  labels: z.string().min(1),
  /** Output tensor names in the order the family's decoder expects. */
  outputs: z.array(z.string().min(1)).min(1),
  /** Where the weights came from, for the record. */
  source: z.record(z.string(), z.unknown()).optional(),
});

export type ModelManifest = z.infer<typeof manifestSchema>;

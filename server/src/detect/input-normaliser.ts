// Region image → model tensor inside a detector worker: runs the tiny normalisation model of
// prep-model.ts with onnxruntime (native code, one thread), or passes the image through when it
// already is the tensor (uint8 NHWC models).
import * as ort from 'onnxruntime-node';
import type { ModelInputSpec } from '../contracts/worker-protocol';
import { AppError, errorMessage } from '../lib/errors';
import { imageBytes, imageIsTensor, PREP_INPUT, PREP_OUTPUT, prepModel } from './prep-model';

export class InputNormaliser {
  private constructor(private readonly spec: ModelInputSpec, private readonly session: ort.InferenceSession | null) {}

  static async create(spec: ModelInputSpec): Promise<InputNormaliser> {
    if (imageIsTensor(spec)) return new InputNormaliser(spec, null);
    try {
      const session = await ort.InferenceSession.create(prepModel(spec), { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all', logSeverityLevel: 3 });
      return new InputNormaliser(spec, session);
    } catch (e) {
      throw new AppError('internal', `cannot build the input normalisation for ${spec.width}x${spec.height} ${spec.dtype} ${spec.layout}: ${errorMessage(e)}`);
    }
  }

  /** Tensor bytes for the model from an image (8-bit HWC in the model's channel order). The
   * image must be in an ArrayBuffer (not shared memory). */
  async normalise(image: Uint8Array): Promise<Uint8Array> {
    const need = imageBytes(this.spec);
    if (image.byteLength !== need) throw new AppError('bad_request', `region image has ${image.byteLength} bytes; ${this.spec.width}x${this.spec.height}x3 needs ${need}`);
    if (!this.session) return image;
    const input = new ort.Tensor('uint8', image, [1, this.spec.height, this.spec.width, 3]);
    const out = (await this.session.run({ [PREP_INPUT]: input }))[PREP_OUTPUT] as ort.Tensor;
    const data = out.data as Float32Array | Uint8Array;
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }

  async close(): Promise<void> {
    await this.session?.release();
  }
}

// Opens an ONNX model once to read what it declares (input and output names, types, shapes), with
// onnxruntime's load failures turned into clear model_invalid errors.
import fs from 'node:fs';
import crypto from 'node:crypto';
import * as ort from 'onnxruntime-node';
import { AppError, errorMessage } from '../lib/errors';
import type { OutputInfo } from './postprocess';

export interface TensorInfo extends OutputInfo {
  type: string;
}

export interface ModelSignature {
  inputs: TensorInfo[];
  outputs: TensorInfo[];
}

/** A dimension < 0 from the runtime means "unknown"; it is reported like a symbolic one. */
function shapeOf(meta: ort.InferenceSession.ValueMetadata): (number | string)[] {
  if (!meta.isTensor) return [];
  return meta.shape.map((d) => (typeof d === 'number' && d < 0 ? '?' : d));
}

function infos(list: readonly ort.InferenceSession.ValueMetadata[]): TensorInfo[] {
  return list.map((m) => ({ name: m.name, type: m.isTensor ? m.type : 'non-tensor', shape: shapeOf(m) }));
}

export function assertModelFile(file: string): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new AppError('model_invalid', `model file not found: ${file}`);
  }
  if (!st.isFile()) throw new AppError('model_invalid', `model path is not a file: ${file}`);
  if (st.size === 0) throw new AppError('model_invalid', `model file is empty: ${file}`);
}

/** Creates an onnxruntime session, turning load failures (truncated, corrupt, unsupported) into model_invalid. */
export async function openSession(file: string, options: ort.InferenceSession.SessionOptions): Promise<ort.InferenceSession> {
  assertModelFile(file);
  try {
    return await ort.InferenceSession.create(file, options);
  } catch (e) {
    throw new AppError('model_invalid', `onnxruntime cannot load ${file} (truncated or not a valid ONNX model?): ${errorMessage(e)}`);
  }
}

export async function inspectModel(file: string): Promise<ModelSignature> {
  const session = await openSession(file, { graphOptimizationLevel: 'disabled', intraOpNumThreads: 1, logSeverityLevel: 3 });
  try {
    return { inputs: infos(session.inputMetadata), outputs: infos(session.outputMetadata) };
  } finally {
    await session.release();
  }
}

export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

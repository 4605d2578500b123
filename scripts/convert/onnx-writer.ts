// Serialises a GraphProto into an ONNX model file (IR version 8, default-domain opset 17).
import { onnx } from 'onnx-proto';

export const OPSET = 17;
const IR_VERSION = 8; // the IR version that goes with opset 17 (ONNX 1.12)

export interface ModelMeta {
  producerName: string;
  producerVersion: string;
  docString?: string;
}

export function encodeModel(graph: onnx.IGraphProto, meta: ModelMeta): Uint8Array {
  const model: onnx.IModelProto = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: meta.producerName,
    producerVersion: meta.producerVersion,
    docString: meta.docString ?? '',
    graph,
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

// Model family → output decoder. A new family is a new decoder file plus one line here.
import type { ModelFamilyName } from '../../contracts/worker-protocol';
import type { FamilyDecoder } from './decoder';
import { nanodetDecoder } from './nanodet.decoder';
import { ssdDecoder } from './ssd.decoder';
import { yolov8Decoder } from './yolov8.decoder';
import { yoloxDecoder } from './yolox.decoder';

const DECODERS: Record<ModelFamilyName, FamilyDecoder> = {
  nanodet: nanodetDecoder,
  yolov8: yolov8Decoder,
  yolox: yoloxDecoder,
  ssd: ssdDecoder,
};

export function decoderFor(family: ModelFamilyName): FamilyDecoder {
  return DECODERS[family];
}

export type { DecodeContext, FamilyDecoder, OutputInfo, OutputTensor } from './decoder';

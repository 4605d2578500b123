// The run-time ONNX writer and the normalisation model it writes, decoded with onnx-proto: field
// numbers, varints, attributes, constants and input/output shapes are what ONNX expects.
import { onnx } from 'onnx-proto';
import type { ModelInputSpec } from '../../../server/src/contracts/worker-protocol';
import { ProtoWriter } from '../../../server/src/detect/onnx-wire';
import { imageBytes, imageIsTensor, prepModel } from '../../../server/src/detect/prep-model';

const spec = (over: Partial<ModelInputSpec> = {}): ModelInputSpec => ({
  width: 416, height: 320, layout: 'nchw', channelOrder: 'bgr', dtype: 'float32', mean: [103.53, 116.28, 123.675], std: [57.375, 57.12, 58.395], padValue: 0, ...over,
});

function dims(v: onnx.IValueInfoProto | undefined): number[] {
  return (v?.type?.tensorType?.shape?.dim ?? []).map((d) => Number(d.dimValue));
}

describe('ProtoWriter', () => {
  it.each([
    [0, [0x08, 0x00]],
    [1, [0x08, 0x01]],
    [127, [0x08, 0x7f]],
    [128, [0x08, 0x80, 0x01]],
    [300, [0x08, 0xac, 0x02]],
    [2 ** 35, [0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]],
  ])('writes int %d as a varint', (v, bytes) => {
    expect([...new ProtoWriter().int(1, v).finish()]).toEqual(bytes);
  });

  it('writes negative ints as ten-byte two’s complement, as protobuf does', () => {
    expect([...new ProtoWriter().int(1, -1).finish()]).toEqual([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });

  it('writes strings, nested messages and packed ints', () => {
    const out = new ProtoWriter().string(2, 'ab').message(3, new ProtoWriter().int(1, 5)).packedInts(4, [1, 300]).finish();
    expect([...out]).toEqual([0x12, 2, 0x61, 0x62, 0x1a, 2, 0x08, 5, 0x22, 3, 1, 0xac, 0x02]);
  });
});

describe('prepModel', () => {
  it('NCHW float: Cast, Sub mean, Mul 1/std, Transpose, with the right shapes', () => {
    const m = onnx.ModelProto.decode(prepModel(spec()));
    expect(Number(m.irVersion)).toBe(8);
    expect(m.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 13]]);
    const g = m.graph as onnx.GraphProto;
    expect(g.node.map((n) => n.opType)).toEqual(['Cast', 'Sub', 'Mul', 'Transpose']);
    const attr = (n: number) => (g.node[n] as onnx.NodeProto).attribute[0] as onnx.AttributeProto;
    expect(Number(attr(0).i)).toBe(onnx.TensorProto.DataType.FLOAT);
    expect(attr(3).ints.map(Number)).toEqual([0, 3, 1, 2]);
    expect(g.input.map((i) => [i.name, i.type?.tensorType?.elemType, dims(i)])).toEqual([['image', onnx.TensorProto.DataType.UINT8, [1, 320, 416, 3]]]);
    expect(g.output.map((o) => [o.name, o.type?.tensorType?.elemType, dims(o)])).toEqual([['tensor', onnx.TensorProto.DataType.FLOAT, [1, 3, 320, 416]]]);
    const consts: Record<string, number[]> = Object.fromEntries(g.initializer.map((t) => [t.name, Array.from(new Float32Array(Uint8Array.from(t.rawData ?? []).buffer))]));
    expect(consts.mean!.map((v) => Math.round(v * 1000) / 1000)).toEqual([103.53, 116.28, 123.675]);
    expect(consts.scale!.map((v) => Math.round(v * 1e6) / 1e6)).toEqual([1 / 57.375, 1 / 57.12, 1 / 58.395].map((v) => Math.round(v * 1e6) / 1e6));
  });

  it('NHWC float has no Transpose; uint8 NCHW only transposes; uint8 NHWC needs no model', () => {
    expect((onnx.ModelProto.decode(prepModel(spec({ layout: 'nhwc' }))).graph as onnx.GraphProto).node.map((n) => n.opType)).toEqual(['Cast', 'Sub', 'Mul']);
    const u8 = onnx.ModelProto.decode(prepModel(spec({ dtype: 'uint8' }))).graph as onnx.GraphProto;
    expect(u8.node.map((n) => n.opType)).toEqual(['Transpose']);
    expect(u8.output[0]!.type?.tensorType?.elemType).toBe(onnx.TensorProto.DataType.UINT8);
    expect(imageIsTensor(spec({ dtype: 'uint8', layout: 'nhwc' }))).toBe(true);
    expect(() => prepModel(spec({ dtype: 'uint8', layout: 'nhwc' }))).toThrow(/as it is/);
    expect(imageBytes(spec())).toBe(416 * 320 * 3);
  });
});

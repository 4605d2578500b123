// Layout folding on the real converted NanoDet: the Transpose pairs, bias Adds and Pads the op
// table writes are folded away (what the int8 pass builds on), and onnxruntime computes the same
// six outputs from the folded graph as from the converted one on a real preprocessed frame.
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { readFrame } from '../../../server/src/cli/detect';
import { fullFrame, preprocessRegion } from '../../../server/src/detect/preprocess';
import { loadOpenCV } from '../../../server/src/lib/opencv';
import { DEMO_VIDEO, MODELS_DIR } from '../../../server/src/lib/paths';
import { foldLayout } from '../../../scripts/convert/layout-fold';
import { decodeOnnx, encodeOnnx } from '../../../scripts/convert/onnx-graph';
import { NANODET_OUTPUTS } from '../../../scripts/prepare/nanodet-source';
import { nanodetInputSpec } from '../../../scripts/prepare/nanodet-int8';

const count = (ops: string[], op: string) => ops.filter((o) => o === op).length;

test('NanoDet 416: folded graph keeps every Conv, loses the layout glue, and gives the same outputs', async () => {
  const bytes = fs.readFileSync(path.join(MODELS_DIR, 'nanodet-416.onnx'));
  const model = decodeOnnx(bytes);
  // Writing back what was read gives the same bytes: nothing is lost on the way through.
  expect(Buffer.from(encodeOnnx(model)).equals(bytes)).toBe(true);

  const { graph, report } = foldLayout(model.graph);
  const before = model.graph.nodes.map((n) => n.op);
  const after = graph.nodes.map((n) => n.op);
  expect(count(before, 'Transpose')).toBe(161);
  expect(count(after, 'Transpose')).toBe(6); // the heads' real [cells, channels] permutes
  expect(count(after, 'Pad')).toBe(0);
  expect(count(after, 'Conv')).toBe(34);
  expect(count(after, 'Add')).toBe(4); // the FPN's sums of two feature maps
  expect(report).toEqual({ transposePairs: 43, biasAdds: 34, pads: 29 });

  const cv = loadOpenCV();
  const frame = readFrame(cv, DEMO_VIDEO, 200);
  const { data } = preprocessRegion(cv, frame, fullFrame(frame), nanodetInputSpec(416));
  const input = new Float32Array(data.slice().buffer);
  const run = async (m: Uint8Array) => {
    const s = await ort.InferenceSession.create(m, { graphOptimizationLevel: 'disabled', intraOpNumThreads: 1 });
    try {
      return await s.run({ input_1: new ort.Tensor('float32', input, [1, 3, 416, 416]) });
    } finally {
      await s.release();
    }
  };
  const a = await run(bytes);
  const b = await run(encodeOnnx({ ...model, graph }));
  for (const name of NANODET_OUTPUTS) {
    const x = a[name]?.data as Float32Array;
    const y = b[name]?.data as Float32Array;
    expect(y.length).toBe(x.length);
    let max = 0;
    for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs((x[i] as number) - (y[i] as number)));
    if (!(max <= 1e-5)) throw new Error(`${name}: max |folded - converted| = ${max}`);
  }
}, 120_000);

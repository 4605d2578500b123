// TFJS graph model → ONNX model bytes: read, order, fold, prune, resize the input if asked, infer
// shapes, map every node through the op table, serialise. Pure: same inputs, same bytes.
import { AppError } from '../../server/src/lib/errors';
import { foldConstants } from './constant-fold';
import { pruneUnreachable, sortNodes } from './graph-passes';
import { type InputSize, type Layout, rewriteInputSize } from './input-size';
import { OnnxGraphBuilder, type ValueInfo } from './onnx-builder';
import { encodeModel } from './onnx-writer';
import { type MapCtx, OP_TABLE } from './op-table';
import { inferShapes, type Shapes } from './shape-inference';
import { makeTensor } from './tensor';
import { type TfGraph, type TfNode, buildGraph, tensorName } from './tf-graph';
import { type TfjsModelJson } from './tfjs-model';

/** Bumped whenever the converter's output for the same input may change (manifests record it). */
export const CONVERTER_VERSION = 1;

export interface ConvertOptions {
  /** Output tensor names in the order the ONNX model should list them (default: the signature's). */
  outputs?: readonly string[];
  /** Another input size for a convolutional graph; `layout` says which input dims are H and W. */
  inputSize?: InputSize;
  layout?: Layout;
  graphName?: string;
  docString?: string;
}

export interface ConvertResult {
  model: Uint8Array;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

export function convertTfjsGraph(model: TfjsModelJson, weightData: Uint8Array, opts: ConvertOptions = {}): ConvertResult {
  let graph = buildGraph(model, weightData, opts.outputs);
  graph = pruneUnreachable(foldConstants(sortNodes(graph)));
  if (opts.inputSize) graph = rewriteInputSize(graph, opts.inputSize, opts.layout ?? 'nchw');
  const shapes = inferShapes(graph);

  const b = new OnnxGraphBuilder();
  for (const node of graph.nodes) {
    const mapping = OP_TABLE[node.op];
    if (!mapping) throw new AppError('unsupported', `TF op ${node.op} (${node.name}) has no ONNX mapping`);
    mapping(mapContext(b, graph, shapes, node));
  }
  const inputs: ValueInfo[] = graph.inputs.map((i) => ({ name: i.name, dtype: i.dtype, shape: i.shape }));
  // Every op in the table computes float32 tensors (integer bookkeeping was folded away).
  const outputs: ValueInfo[] = graph.outputs.map((name) => ({ name, dtype: 'float32', shape: shapes.get(name) ?? [] }));
  const proto = b.build(opts.graphName ?? 'converted', inputs, outputs);
  const bytes = encodeModel(proto, {
    producerName: 'vigil-tfjs-to-onnx',
    producerVersion: String(CONVERTER_VERSION),
    docString: opts.docString,
  });
  return { model: bytes, inputs, outputs };
}

function mapContext(b: OnnxGraphBuilder, graph: TfGraph, shapes: Shapes, node: TfNode): MapCtx {
  const ref = (i: number) => {
    const r = node.inputs[i];
    if (!r) throw new AppError('model_invalid', `${node.op} ${node.name}: input ${i} is missing`);
    return r;
  };
  const shapeOf = (name: string) => {
    const s = shapes.get(name);
    if (!s) throw new AppError('internal', `no shape for ${name}`);
    return s;
  };
  return {
    node,
    b,
    shape: (i) => shapeOf(tensorName(ref(i))),
    outShape: (k = 0) => shapeOf(tensorName({ node: node.name, index: k })),
    input: (i) => {
      const name = tensorName(ref(i));
      const c = graph.consts.get(name);
      return c ? b.addInitializer(name, c) : name;
    },
    constant: (i) => {
      const c = graph.consts.get(tensorName(ref(i)));
      if (!c) throw new AppError('unsupported', `${node.op} ${node.name}: input ${i} must be a constant`);
      return c;
    },
    out: (k = 0) => tensorName({ node: node.name, index: k }),
    int64: (suffix, values) => b.addInitializer(`${node.name}/${suffix}`, makeTensor('int64', [values.length], values)),
  };
}

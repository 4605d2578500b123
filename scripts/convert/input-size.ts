// Makes a variant of a convolutional graph for another input size. The convolutions do not care;
// what does is the input shape and the constant target sizes of the FPN's ResizeBilinear nodes,
// which TF baked in for the original size. Reshape targets are left as they are: shape inference
// afterwards reports any that still encode the old size.
import { AppError } from '../../server/src/lib/errors';
import { intValues, makeTensor } from './tensor';
import { type TfGraph, tensorName } from './tf-graph';

export interface InputSize {
  width: number;
  height: number;
}

/** Input layout decides which input dims are height and width. */
export type Layout = 'nchw' | 'nhwc';

export function rewriteInputSize(graph: TfGraph, size: InputSize, layout: Layout): TfGraph {
  const [input, ...more] = graph.inputs;
  if (!input || more.length > 0 || input.shape.length !== 4) {
    throw new AppError('unsupported', 'changing the input size needs exactly one 4-D input');
  }
  const [hAxis, wAxis] = layout === 'nchw' ? [2, 3] : [1, 2];
  const oldH = input.shape[hAxis] as number;
  const oldW = input.shape[wAxis] as number;
  if (oldH === size.height && oldW === size.width) return graph;
  const shape = [...input.shape];
  shape[hAxis] = size.height;
  shape[wAxis] = size.width;

  const consts = new Map(graph.consts);
  const nodes = graph.nodes.map((node) => {
    if (node.op !== 'ResizeBilinear') return node;
    const sizeRef = node.inputs[1];
    const old = sizeRef ? consts.get(tensorName(sizeRef)) : undefined;
    if (!sizeRef || !old) throw new AppError('unsupported', `${node.op} ${node.name}: the target size is not a constant`);
    const [h, w] = intValues(old, node.name);
    const nh = ((h ?? 0) * size.height) / oldH;
    const nw = ((w ?? 0) * size.width) / oldW;
    if (!Number.isInteger(nh) || !Number.isInteger(nw)) {
      throw new AppError('unsupported', `${node.name}: resize target ${h}x${w} does not scale to an integer size for input ${size.width}x${size.height}`);
    }
    // A new constant per node: the old one may be shared with something that must not change.
    const name = `${node.name}/size_${size.width}x${size.height}`;
    consts.set(name, makeTensor(old.dtype, [2], [nh, nw]));
    const inputs = [...node.inputs];
    inputs[1] = { node: name, index: 0 };
    return { ...node, inputs };
  });
  return { ...graph, nodes, consts, inputs: [{ ...input, shape }] };
}

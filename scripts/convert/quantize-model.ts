// Float ONNX model → int8 QDQ model, in two steps so one calibration serves many variants:
// `calibrateModel` folds the layout and observes every activation any variant could quantise;
// `quantizeCalibrated` plans, picks ranges by a rule and writes the QDQ graph (pure).
import { AppError } from '../../server/src/lib/errors';
import { type CalibrationInput, collectStats } from './calibrate';
import { foldLayout, type FoldReport } from './layout-fold';
import { type OnnxModel, decodeOnnx, encodeOnnx } from './onnx-graph';
import { paramsOf, insertQdq } from './qdq-insert';
import { type PlanOptions, planQdq } from './qdq-plan';
import { type ActivationType, type QuantParams, activationParams } from './quant-math';
import { type RangeRule, type TensorStats, rangeFor } from './tensor-stats';

/** Bumped whenever the quantiser's output for the same float model and inputs may change. */
export const QUANTIZER_VERSION = 1;

export interface Calibrated {
  /** The layout-folded float model (what the QDQ graph is built on). */
  model: OnnxModel;
  fold: FoldReport;
  stats: ReadonlyMap<string, TensorStats>;
  samples: number;
}

export interface QuantizeOptions extends PlanOptions {
  activations: ActivationType;
  rule: RangeRule;
  /** Largest |int8 weight|. @default 127 */
  weightLimit?: number;
  docString?: string;
}

export interface QuantizeReport {
  int8Nodes: Record<string, number>;
  floatConvs: string[];
  quantizedTensors: number;
  activations: ActivationType;
  rule: RangeRule;
  weightLimit: number;
}

export async function calibrateModel(floatModel: Uint8Array, input: CalibrationInput): Promise<Calibrated> {
  const decoded = decodeOnnx(floatModel);
  const { graph, report } = foldLayout(decoded.graph);
  const model = { ...decoded, graph };
  // The widest plan: every tensor some variant may quantise.
  const all = planQdq(graph, { floatFirstConv: false, floatHeads: false });
  const stats = await collectStats(model, all.tensors, input);
  return { model, fold: report, stats, samples: input.samples.length };
}

export function quantizeCalibrated(c: Calibrated, opts: QuantizeOptions): { bytes: Uint8Array; report: QuantizeReport } {
  const plan = planQdq(c.model.graph, opts);
  const params = new Map<string, QuantParams>();
  for (const t of plan.tensors) {
    if (plan.tied.has(t)) continue;
    const s = c.stats.get(t);
    if (!s) throw new AppError('internal', `tensor ${t} was not calibrated`);
    const [lo, hi] = rangeFor(s, opts.rule);
    params.set(t, activationParams(lo, hi, opts.activations));
  }
  for (const t of plan.tensors) paramsOf(plan, params, t); // every tie resolves
  const weightLimit = opts.weightLimit ?? 127;
  const graph = insertQdq(c.model.graph, plan, params, { weightLimit });
  const meta = { ...c.model.meta, docString: opts.docString ?? c.model.meta.docString };
  const int8Nodes: Record<string, number> = {};
  for (const n of c.model.graph.nodes) if (plan.nodes.has(n.name)) int8Nodes[n.op] = (int8Nodes[n.op] ?? 0) + 1;
  const floatConvs = c.model.graph.nodes.filter((n) => n.op === 'Conv' && !plan.nodes.has(n.name)).map((n) => n.name);
  return {
    bytes: encodeOnnx({ meta, graph }),
    report: { int8Nodes, floatConvs, quantizedTensors: plan.tensors.length, activations: opts.activations, rule: opts.rule, weightLimit },
  };
}

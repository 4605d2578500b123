// Builds small TFJS graph models in memory (model.json + weight bytes) for converter tests.
import type { TfAttrValue, TfNodeDef, TfjsModelJson, TfjsWeightSpec } from '../../scripts/convert/tfjs-model';

type TfType = 'DT_FLOAT' | 'DT_INT32' | 'DT_INT64';

export const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
export const ints = (...i: number[]): TfAttrValue => ({ list: { i: i.map(String) } });

export class TfjsFixture {
  private readonly nodes: TfNodeDef[] = [];
  private readonly specs: TfjsWeightSpec[] = [];
  private readonly chunks: Buffer[] = [];

  input(name: string, shape: number[]): this {
    this.nodes.push({ name, op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: shape.map((s) => ({ size: String(s) })) } } } });
    return this;
  }

  /** A constant stored the way TFJS stores it: float32, or int32 (also for DT_INT64). */
  constant(name: string, type: TfType, shape: number[], values: number[]): this {
    const buf = Buffer.alloc(4 * values.length);
    values.forEach((v, i) => (type === 'DT_FLOAT' ? buf.writeFloatLE(v, 4 * i) : buf.writeInt32LE(v, 4 * i)));
    return this.push(name, type, { name, shape, dtype: type === 'DT_FLOAT' ? 'float32' : 'int32' }, buf);
  }

  /** A float constant stored as float16 bit patterns (quantization: float16). */
  half(name: string, shape: number[], bits: number[]): this {
    const buf = Buffer.alloc(2 * bits.length);
    bits.forEach((b, i) => buf.writeUInt16LE(b, 2 * i));
    return this.push(name, 'DT_FLOAT', { name, shape, dtype: 'float32', quantization: { dtype: 'float16', original_dtype: 'float32' } }, buf);
  }

  op(name: string, op: string, input: string[], attr: Record<string, TfAttrValue> = {}): this {
    this.nodes.push({ name, op, input, attr });
    return this;
  }

  /** `reverse` lists the nodes backwards, as TFJS files may (not topologically sorted). */
  build(outputs: string[], reverse = false): { model: TfjsModelJson; weights: Uint8Array } {
    const nodes = reverse ? [...this.nodes].reverse() : this.nodes;
    const model: TfjsModelJson = {
      format: 'graph-model',
      modelTopology: { node: nodes },
      weightsManifest: [{ paths: ['w.bin'], weights: this.specs }],
      signature: { outputs: Object.fromEntries(outputs.map((o) => [`${o}:0`, { name: `${o}:0` }])) },
    };
    return { model, weights: new Uint8Array(Buffer.concat(this.chunks)) };
  }

  private push(name: string, type: TfType, spec: TfjsWeightSpec, bytes: Buffer): this {
    this.nodes.push({ name, op: 'Const', attr: { dtype: { type }, value: { tensor: { dtype: type } } } });
    this.specs.push(spec);
    this.chunks.push(bytes);
    return this;
  }
}

// The int8 variants the evaluation compares, one factor at a time from a baseline (uint8
// activations, min/max ranges, every Conv in int8): activation type, range rule, float first
// convolution, float detection heads, 7-bit weights.
import type { QuantizeOptions } from '../convert/quantize-model';

export interface Int8Variant {
  name: string;
  what: string;
  options: QuantizeOptions;
}

const BASE: QuantizeOptions = { activations: 'uint8', rule: { kind: 'minmax' }, floatFirstConv: false, floatHeads: false };

export const INT8_VARIANTS: readonly Int8Variant[] = [
  { name: 'u8-minmax', what: 'uint8 activations, global min/max, all Convs int8', options: BASE },
  { name: 's8-minmax', what: 'int8 symmetric activations, global min/max', options: { ...BASE, activations: 'int8' } },
  { name: 'u8-mean-minmax', what: 'mean of per-input min/max', options: { ...BASE, rule: { kind: 'mean-minmax' } } },
  { name: 'u8-ema-0.01', what: 'moving average of per-input min/max, constant 0.01', options: { ...BASE, rule: { kind: 'ema', constant: 0.01 } } },
  { name: 'u8-ema-0.1', what: 'moving average of per-input min/max, constant 0.1', options: { ...BASE, rule: { kind: 'ema', constant: 0.1 } } },
  { name: 'u8-p99.999', what: 'histogram percentile 99.999', options: { ...BASE, rule: { kind: 'percentile', percentile: 99.999 } } },
  { name: 'u8-p99.99', what: 'histogram percentile 99.99', options: { ...BASE, rule: { kind: 'percentile', percentile: 99.99 } } },
  { name: 'u8-p99.9', what: 'histogram percentile 99.9', options: { ...BASE, rule: { kind: 'percentile', percentile: 99.9 } } },
  { name: 'u8-minmax-float-first', what: 'first Conv in float', options: { ...BASE, floatFirstConv: true } },
  { name: 'u8-minmax-float-heads', what: 'the three output-head Convs in float', options: { ...BASE, floatHeads: true } },
  { name: 'u8-minmax-float-both', what: 'first Conv and heads in float', options: { ...BASE, floatFirstConv: true, floatHeads: true } },
  { name: 'u8-minmax-w7', what: '7-bit weights (|w| ≤ 63), for CPUs whose u8×s8 pair sums saturate', options: { ...BASE, weightLimit: 63 } },
  { name: 'u8-p99.999-w7', what: 'percentile 99.999 with 7-bit weights', options: { ...BASE, rule: { kind: 'percentile', percentile: 99.999 }, weightLimit: 63 } },
];

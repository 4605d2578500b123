// What onnxruntime's CPU provider turns a model into at optimisation level 'all': the op types of
// the optimised graph (e.g. how many QDQ groups became QLinearConv), read back from the file ORT
// writes with `optimizedModelFilePath`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';

export async function optimisedOps(model: Uint8Array): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-ort-opt-'));
  const file = path.join(dir, 'optimised.onnx');
  try {
    const s = await ort.InferenceSession.create(model, { graphOptimizationLevel: 'all', optimizedModelFilePath: file, intraOpNumThreads: 1, logSeverityLevel: 3 });
    await s.release();
    const m = onnx.ModelProto.decode(fs.readFileSync(file));
    const counts: Record<string, number> = {};
    for (const n of m.graph?.node ?? []) {
      const op = n.domain ? `${n.domain}:${n.opType ?? ''}` : (n.opType ?? '');
      counts[op] = (counts[op] ?? 0) + 1;
    }
    return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Class labels from a label file (one per line) or an inline list. A blank line keeps its index
// but names no label, so id-numbered label maps with gaps can be written as plain files.
import fs from 'node:fs';
import { AppError, errorMessage } from '../lib/errors';

export function parseLabelText(text: string): string[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function readLabelFile(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new AppError('model_invalid', `cannot read label file ${file}: ${errorMessage(e)}`);
  }
  const labels = parseLabelText(text);
  if (!labels.some((l) => l !== '')) throw new AppError('model_invalid', `label file ${file} names no labels`);
  return labels;
}

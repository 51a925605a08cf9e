// One line of negatives.jsonl: the positive (file_name, text), the type, and the negative (negative_text and/or
// negative_file_name), with how it was made and how hard it is. Read back by the importers and by training code.

import type { Negative } from './types.ts';

export interface NegativeRow {
  file_name: string;
  text: string;
  type: string;
  family: string;
  modality: 'text' | 'image';
  negative_text?: string;
  negative_file_name?: string;
  generator: string;
  seed: number;
  prompt?: string;
  change?: { from: string; to: string };
  grid?: number;
  hardness: number | null;
  scores: Negative['scores'] | null;
  filtered: string | null;
  status: Negative['status'];
  id: string;
  source?: unknown;
}

export function negativeToRow(n: Negative, positiveFile: string, negativeFile?: string, source?: unknown): NegativeRow {
  return {
    file_name: positiveFile,
    text: n.positiveText,
    type: n.type,
    family: n.family,
    modality: n.modality,
    ...(n.text !== undefined ? { negative_text: n.text } : {}),
    ...(negativeFile ? { negative_file_name: negativeFile } : {}),
    generator: n.generator,
    seed: n.seed,
    ...(n.prompt ? { prompt: n.prompt } : {}),
    ...(n.change ? { change: n.change } : {}),
    ...(n.grid ? { grid: n.grid } : {}),
    hardness: n.hardness ?? null,
    scores: n.scores ?? null,
    filtered: n.filtered ?? null,
    status: n.status,
    id: n.id,
    ...(source ? { source } : {}),
  };
}

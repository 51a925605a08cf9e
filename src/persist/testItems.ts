// For tests: plain pending items of one dataset, as an import of a captions file would make them.

import type { Item } from '../core/model.ts';

/** `count` pending pairs of `datasetId`, seq 0… in order, ids `${prefix}${seq}`, each captioned "caption <seq>". */
export function pendingPairs(datasetId: string, count: number, prefix = 'i'): Item[] {
  return Array.from({ length: count }, (_, seq) => ({
    id: `${prefix}${seq}`,
    datasetId,
    seq,
    kind: 'pair' as const,
    captions: [{ text: `caption ${seq}`, provenance: { origin: 'imported' as const, at: 't' } }],
    status: 'pending' as const,
    source: { file: 'm.jsonl', row: seq },
  }));
}

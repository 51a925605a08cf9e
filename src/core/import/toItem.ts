// Turns an imported row into a stored item: caption history with provenance, carried decisions kept.

import type { Item } from '../model.ts';
import type { ImportedItem } from './importer.ts';

export function toItem(imported: ImportedItem, datasetId: string, seq: number, at: string): Item {
  const carried = imported.carried ?? {};
  const captions = carried.captions?.length
    ? carried.captions
    : imported.caption !== undefined
      ? [{ text: imported.caption, provenance: { origin: 'imported' as const, at, file: imported.source.file, row: imported.source.row } }]
      : [];
  // A caption that differs from the carried history's last version was edited outside the app: keep both.
  if (carried.captions?.length && imported.caption !== undefined && captions[captions.length - 1].text !== imported.caption) {
    captions.push({ text: imported.caption, provenance: { origin: 'imported', at, file: imported.source.file, row: imported.source.row } });
  }
  return {
    id: carried.id ?? globalThis.crypto.randomUUID(),
    datasetId,
    seq,
    kind: imported.kind,
    imageHash: imported.image?.hash,
    imageName: imported.image?.name,
    captions,
    status: carried.status ?? 'pending',
    decision: carried.decision,
    source: carried.source ?? imported.source,
    scores: carried.scores,
    extra: imported.extra,
  };
}

// Turns an imported row into a stored item: caption history with provenance, carried decisions kept.

import type { Item } from '../model.ts';
import { contentId } from '../random.ts';
import type { ImportedItem } from './importer.ts';

/** An item as the CLI makes it: its id derived from its source, row, image and caption, so every run gives the same. */
export function toContentItem(imported: ImportedItem, datasetId: string, seq: number, at: string): Item {
  const { file, row } = imported.source;
  return toItem(imported, datasetId, seq, at, contentId('item', file, String(row ?? ''), imported.image?.hash ?? '', imported.caption ?? ''));
}

/** `id`: the item's id when the row carries none (the CLI derives it from content; the browser passes none: random). */
export function toItem(imported: ImportedItem, datasetId: string, seq: number, at: string, id?: string): Item {
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
    id: carried.id ?? id ?? globalThis.crypto.randomUUID(),
    datasetId,
    seq,
    kind: imported.kind,
    imageHash: imported.image?.hash,
    imageName: imported.image?.name,
    imageSize: imported.image?.width ? [imported.image.width, imported.image.height] : undefined,
    captions,
    status: carried.status ?? 'pending',
    decision: carried.decision,
    source: carried.source ?? imported.source,
    scores: carried.scores,
    extra: imported.extra,
  };
}

// One item as one metadata.jsonl row (Hugging Face imagefolder style plus this app's own fields), and back.

import { EXTENSION_FOR_MIME, type ImageInfo } from '../import/image.ts';
import { currentCaption, type Item } from '../model.ts';

/** Where an image lives inside an exported folder: named by content, so the same image is written once. */
export function imageFileName(hash: string, mime: ImageInfo['mime']): string {
  return `images/${hash.slice(0, 20)}.${EXTENSION_FOR_MIME[mime] ?? 'bin'}`;
}

export interface MetadataRow {
  file_name?: string;
  text: string | null;
  id: string;
  kind: Item['kind'];
  status: Item['status'];
  decided_by?: string;
  decided_at?: string;
  caption_history: Item['captions'];
  scores?: Record<string, number>;
  source_file: string;
  source_row?: number;
  [extra: string]: unknown;
}

/** The row for an item; `fileName` is where its image was written (absent for lone texts). */
export function itemToRow(item: Item, fileName: string | undefined): MetadataRow {
  const row: MetadataRow = {
    // Fields the import did not interpret come first so that the app's own fields always win.
    ...(item.extra ?? {}),
    ...(fileName ? { file_name: fileName } : {}),
    text: currentCaption(item) ?? null,
    id: item.id,
    kind: item.kind,
    status: item.status,
    caption_history: item.captions,
    source_file: item.source.file,
  };
  if (item.decision) {
    row.decided_by = item.decision.by;
    row.decided_at = item.decision.at;
  }
  if (item.scores && Object.keys(item.scores).length) row.scores = item.scores;
  if (item.source.row !== undefined) row.source_row = item.source.row;
  return row;
}

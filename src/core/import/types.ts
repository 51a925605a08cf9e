// What the importers produce: items with their images and where they came from, errors per row, progress.

import type { CaptionVersion, Decision, ItemKind, ReviewStatus, RowError, SourceRef } from '../model.ts';
import type { ImageInfo } from './image.ts';

export interface ImportedImage extends ImageInfo {
  name: string;
  hash: string;
  /** Present the first time this content appears in the import; later references share the stored copy. */
  bytes?: Uint8Array;
  /** The same bytes as a Blob, when the source file is one (SourceFile.blob). */
  blob?: Blob;
}

/** Fields an earlier stage of this app wrote into metadata.jsonl, carried so that nothing is lost between stages. */
export interface CarriedFields {
  id?: string;
  status?: ReviewStatus;
  decision?: Decision;
  captions?: CaptionVersion[];
  scores?: Record<string, number>;
  /** The file and row the item first came from, before earlier stages rewrote it. */
  source?: SourceRef;
}

export interface ImportedItem {
  kind: ItemKind;
  caption?: string;
  image?: ImportedImage;
  source: SourceRef;
  /** True when the same image content was already seen: it is stored once. */
  duplicateImage?: boolean;
  carried?: CarriedFields;
  extra?: Record<string, unknown>;
}

export type ImportEvent =
  | { type: 'item'; item: ImportedItem }
  | { type: 'error'; error: RowError }
  | { type: 'progress'; file: string; filesDone: number; filesTotal: number; rows: number };

export interface ImportSummary {
  counts: Record<ItemKind, number>;
  duplicates: number;
  errors: RowError[];
  /** Files the importer does not read (unknown types), listed so the user knows they were not forgotten. */
  skipped: string[];
}

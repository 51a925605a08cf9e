// The shapes an export passes around: the pairs going in, the sink files go to, the settings and the result.

import type { ImageInfo } from '../import/image.ts';
import type { Item } from '../model.ts';
import type { Negative } from '../negatives/types.ts';

/** One exported pair: the item, and its hard negatives that are kept (not set aside, not rejected). */
export interface ExportPair {
  item: Item;
  negatives: Negative[];
}

export interface ExportInput {
  /** The pairs, in dataset order; called once per pass (some formats take two). */
  pairs: () => AsyncIterable<ExportPair>;
  image: (hash: string) => Promise<{ bytes: Uint8Array; mime: ImageInfo['mime'] }>;
  mime: (hash: string) => Promise<ImageInfo['mime']>;
}

/** Where files go: one file at a time, written in chunks. */
export interface ExportSink {
  begin(path: string, options?: { compress?: boolean }): Promise<void>;
  write(chunk: Uint8Array): Promise<void>;
  end(): Promise<void>;
}

export interface ExportSettings {
  /** A format id from the writers' table (writers/index.ts). */
  format: string;
  /** Samples per WebDataset shard. */
  shardSize?: number;
  /**
   * WebDataset only: write just the tar shards this returns true for (a cluster task's share, by tar index); the
   * others are counted, not written, so every task's manifest and names equal the single run's.
   */
  onlyTars?: (index: number) => boolean;
  /** What the manifest says besides counts (threshold, models, filters, app version): no timestamps, so output is deterministic. */
  manifest: Record<string, unknown>;
  onProgress?: (done: number) => void;
  /** Also write the pairs' embeddings (clip-retrieval's layout), per model. */
  embeddings?: EmbeddingSource;
}

export interface ExportResult {
  pairs: number;
  images: number;
  negatives: number;
  files: string[];
  /** What the reader of the files should know (captions a spreadsheet would take for formulas). */
  warnings: string[];
}

/** Where the vectors come from: the browser's stored embeddings, or the CLI's models. */
export interface EmbeddingSource {
  models: string[];
  /** Image and text embeddings of one model for these rows (undefined where there is none). */
  vectors(
    model: string,
    rows: { imageHash: string; text: string }[],
  ): Promise<{ image: (ArrayLike<number> | undefined)[]; text: (ArrayLike<number> | undefined)[] }>;
}

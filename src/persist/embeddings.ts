// Embeddings kept in IndexedDB, per model, so that scores survive reloads without re-embedding.

import type { EmbeddingStore } from '../core/clip/pipeline.ts';
import type { CuratorDB } from './db.ts';

export function dexieEmbeddingStore(db: CuratorDB): EmbeddingStore & { count: () => Promise<number> } {
  return {
    get: async (model, keys) => (await db.embeddings.bulkGet(keys.map((k) => [model, k] as [string, string]))).map((r) => r?.vector),
    put: async (model, entries) => void (await db.embeddings.bulkPut(entries.map(([key, vector]) => ({ model, key, vector })))),
    count: () => db.embeddings.count(),
  };
}

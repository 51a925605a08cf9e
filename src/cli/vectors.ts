// Stored embeddings on disk (core/clip/vectorFiles.ts): read from input dataset folders into a stage's embedding store,
// so that nothing is encoded twice, and written beside a stage's output (score --embeddings), for merge, dedup and
// the browser.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type EmbeddingStore, imageKey, textKey } from '../core/clip/pipeline.ts';
import { decodeVectors, encodeVectors, VECTORS_DIR } from '../core/clip/vectorFiles.ts';
import type { Io } from './common.ts';

/** Every model's stored embeddings under the given dataset folders (files that do not agree are named and skipped). */
export async function readStoredVectors(paths: string[], io: Io): Promise<Map<string, Map<string, Float32Array>>> {
  const out = new Map<string, Map<string, Float32Array>>();
  for (const p of paths) {
    const root = path.join(p, VECTORS_DIR);
    const folders = await fs.readdir(root).catch(() => [] as string[]);
    for (const name of folders.sort()) {
      const dir = path.join(root, name);
      try {
        const [meta, keys, npy] = await Promise.all(['model.json', 'keys.txt', 'vectors.npy'].map((f) => fs.readFile(path.join(dir, f))));
        const { model, entries } = decodeVectors(meta, keys, npy);
        const map = out.get(model) ?? out.set(model, new Map()).get(model)!;
        for (const [k, v] of entries) if (!map.has(k)) map.set(k, v);
      } catch (e) {
        io.err(`  ${dir}: stored embeddings not used (${(e as Error).message}) — they will be computed again; delete the folder to silence this`);
      }
    }
  }
  return out;
}

/** Put the stored embeddings of the models in use into a store; returns how many. */
export async function preloadVectors(stored: Map<string, Map<string, Float32Array>>, store: EmbeddingStore, models: string[]): Promise<number> {
  let n = 0;
  for (const m of models) {
    const entries = [...(stored.get(m) ?? [])];
    if (entries.length) await store.put(m, entries);
    n += entries.length;
  }
  return n;
}

/**
 * Write each model's embeddings (of these pairs' images and captions) under DIR/vectors/; returns the manifest's
 * record ({model: {folder, dim, count}}).
 */
export async function writeVectors(
  dir: string,
  store: { entries: (model: string) => [string, Float32Array][] },
  models: string[],
  /** Only these pairs' embeddings (null: all the store holds). */
  pairs: { imageHash: string; text: string }[] | null,
): Promise<Record<string, { folder: string; dim: number; count: number }>> {
  const wanted = pairs && new Set(pairs.flatMap((p) => [imageKey(p.imageHash), textKey(p.text)]));
  const record: Record<string, { folder: string; dim: number; count: number }> = {};
  for (const m of models) {
    const files = encodeVectors(
      m,
      store.entries(m).filter(([k]) => !wanted || wanted.has(k)),
    );
    if (!files) continue;
    await fs.mkdir(path.join(dir, files.folder), { recursive: true });
    for (const [name, bytes] of Object.entries(files.files)) await fs.writeFile(path.join(dir, files.folder, name), bytes);
    record[m] = { folder: files.folder, dim: files.dim, count: files.count };
  }
  return record;
}

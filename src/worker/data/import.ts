// The import job: picked files (or the generated demo) read by the importers and stored in a dataset.

import { decodeVectors, isVectorFile } from '../../core/clip/vectorFiles.ts';
import { importFiles } from '../../core/import/importer.ts';
import type { RowError } from '../../core/model.ts';
import type { SourceFile } from '../../core/import/source.ts';
import { demoFiles } from '../../core/synth/demoFiles.ts';
import { CuratorDB, DB_NAME, type ImportReport } from '../../persist/db.ts';
import { importIntoDataset, type ImportProgress } from '../../persist/imports.ts';
import type { PickedFile } from '../dataProtocol.ts';
import { makeThumbnail } from '../thumbnail.ts';
import { db, throttled } from './context.ts';

/**
 * The import's own connection, with relaxed durability: a batch's commit does not wait for the disk to flush (about
 * 20 ms a transaction here). An operating-system crash may lose the last batches, together with their report (one
 * transaction), and importing the same files again adds them; a tab or browser crash loses nothing committed.
 */
let importDb: CuratorDB | undefined;

/** Hold a Web Lock until the returned function is called: the other tabs (and the next start) see the job is alive. */
function holdLock(name: string): Promise<() => void> {
  if (!navigator.locks) return Promise.resolve(() => {});
  return new Promise((acquired) => {
    void navigator.locks.request(name, () => new Promise<void>((release) => acquired(release)));
  });
}

function toSource({ path, file }: PickedFile): SourceFile {
  return { path, size: file.size, bytes: async () => new Uint8Array(await file.arrayBuffer()), stream: () => file.stream(), blob: file };
}

/** Import source files into a dataset, with progress at most every 100 ms. */
export async function importSources(
  datasetId: string,
  files: SourceFile[],
  onProgress: (p: ImportProgress) => void,
  signal: AbortSignal,
): Promise<ImportReport> {
  const report = throttled(onProgress);
  // Embeddings stored beside the rows (a CLI stage's vectors/) are read apart and kept: scoring, search, the map and
  // dedup then reuse them instead of encoding again.
  const vectorFiles = files.filter((f) => isVectorFile(f.path));
  importDb ??= new CuratorDB(DB_NAME, { chromeTransactionDurability: 'relaxed' });
  const result = await importIntoDataset(
    importDb,
    datasetId,
    [...new Set(files.map((f) => f.path.split('/')[0]))],
    importFiles(files.filter((f) => !isVectorFile(f.path))),
    {
      thumbnailer: makeThumbnail,
      signal,
      onProgress: (p) => report(false, p),
      lock: holdLock,
      estimate: () => navigator.storage.estimate(),
    },
  );
  if (!vectorFiles.length || signal.aborted) return result;
  const { stored, errors } = await storeVectors(vectorFiles);
  const withVectors = { ...result, embeddings: stored, errors: [...result.errors, ...errors] };
  if (result.id !== undefined) await db.imports.update(result.id, { embeddings: stored, errors: withVectors.errors });
  return withVectors;
}

/** The most of one model's vectors.npy the browser reads (a bigger store is for the CLI; import a subset). */
const MAX_VECTOR_FILE_BYTES = 1 << 30;

/** Read each vectors/<model>/ folder among the files into the embeddings table; a folder that does not agree is an error row. */
async function storeVectors(files: SourceFile[]): Promise<{ stored: Record<string, number>; errors: RowError[] }> {
  const folders = new Map<string, Map<string, SourceFile>>();
  for (const f of files) {
    const at = f.path.lastIndexOf('/');
    const folder = f.path.slice(0, at);
    (folders.get(folder) ?? folders.set(folder, new Map()).get(folder)!).set(f.path.slice(at + 1), f);
  }
  const stored: Record<string, number> = {};
  const errors: RowError[] = [];
  for (const [folder, byName] of folders) {
    try {
      const [meta, keys, npy] = ['model.json', 'keys.txt', 'vectors.npy'].map((n) => byName.get(n));
      if (!meta || !keys || !npy) throw new Error('needs model.json, keys.txt and vectors.npy together');
      if (npy.size > MAX_VECTOR_FILE_BYTES)
        throw new Error(`vectors.npy is ${(npy.size / 2 ** 30).toFixed(1)} GiB, more than the browser reads (1 GiB) — import a subset`);
      const { model, entries } = decodeVectors(await meta.bytes(), await keys.bytes(), await npy.bytes());
      for (let i = 0; i < entries.length; i += 5000) await db.embeddings.bulkPut(entries.slice(i, i + 5000).map(([key, vector]) => ({ model, key, vector })));
      stored[model] = (stored[model] ?? 0) + entries.length;
    } catch (e) {
      errors.push({ source: folder, reason: `stored embeddings not read: ${(e as Error).message} — they will be computed when you score` });
    }
  }
  return { stored, errors };
}

export function importPicked(datasetId: string, files: PickedFile[], onProgress: (p: ImportProgress) => void, signal: AbortSignal): Promise<ImportReport> {
  return importSources(datasetId, files.map(toSource), onProgress, signal);
}

export function importDemo(
  datasetId: string,
  seed: number,
  count: number,
  onProgress: (p: ImportProgress) => void,
  signal: AbortSignal,
): Promise<ImportReport> {
  return importSources(datasetId, demoFiles(seed, count), onProgress, signal);
}

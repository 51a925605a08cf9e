// The import job: picked files (or the generated demo) read by the importers and stored in a dataset.

import { importFiles } from '../../core/import/importer.ts';
import type { SourceFile } from '../../core/import/source.ts';
import { demoFiles } from '../../core/synth/demoFiles.ts';
import type { ImportReport } from '../../persist/db.ts';
import { importIntoDataset, type ImportProgress } from '../../persist/imports.ts';
import type { PickedFile } from '../dataProtocol.ts';
import { makeThumbnail } from '../thumbnail.ts';
import { db, throttled } from './context.ts';

/** Hold a Web Lock until the returned function is called: the other tabs (and the next start) see the job is alive. */
function holdLock(name: string): Promise<() => void> {
  if (!navigator.locks) return Promise.resolve(() => {});
  return new Promise((acquired) => {
    void navigator.locks.request(name, () => new Promise<void>((release) => acquired(release)));
  });
}

function toSource({ path, file }: PickedFile): SourceFile {
  return { path, size: file.size, bytes: async () => new Uint8Array(await file.arrayBuffer()), stream: () => file.stream() };
}

/** Import source files into a dataset, with progress at most every 100 ms. */
export async function importSources(
  datasetId: string,
  files: SourceFile[],
  onProgress: (p: ImportProgress) => void,
  signal: AbortSignal,
): Promise<ImportReport> {
  const report = throttled(onProgress);
  return importIntoDataset(db, datasetId, [...new Set(files.map((f) => f.path.split('/')[0]))], importFiles(files), {
    thumbnailer: makeThumbnail,
    signal,
    onProgress: (p) => report(false, p),
    lock: holdLock,
    estimate: () => navigator.storage.estimate(),
  });
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

// Imports into IndexedDB: an import stream stored in batches, images once per content hash, and the report of what
// was found (kept with the dataset so that its errors can be read after a reload).

import Dexie from 'dexie';
import type { ImportEvent, ImportedItem } from '../core/import/importer.ts';
import { toItem } from '../core/import/toItem.ts';
import type { Item, RowError } from '../core/model.ts';
import { SYNTHETIC_SCENE_MIN } from '../core/synth/perceive.ts';
import type { CuratorDB, ImageRecord, ImportReport, ThumbRecord } from './db.ts';

/** Makes a thumbnail, or says why the image cannot be decoded (then the item is reported, not stored). */
/** What decoding an image tells: its thumbnail, and how much it looks like a synthetic scene (0–1), when measured. */
export type Thumbnailer = (blob: Blob) => Promise<{ thumb: Blob; sceneLikeness?: number } | { error: string }>;

export interface ImportProgress {
  file: string;
  rows: number;
  filesDone: number;
  filesTotal: number;
}

const BATCH = 1000;

/**
 * Store an import stream in a dataset, in batches, each batch in one transaction. Images are stored once per
 * content hash (also across imports). With a thumbnailer, images that do not decode become row errors.
 */
export async function importIntoDataset(
  db: CuratorDB,
  datasetId: string,
  sources: string[],
  events: AsyncIterable<ImportEvent>,
  options: { thumbnailer?: Thumbnailer; onProgress?: (p: ImportProgress) => void; signal?: AbortSignal } = {},
): Promise<ImportReport> {
  const report: ImportReport = {
    datasetId,
    at: new Date().toISOString(),
    sources,
    counts: { pair: 0, image: 0, text: 0 },
    duplicates: 0,
    errors: [],
    skipped: [],
  };
  const last = await db.items.where('[datasetId+seq]').between([datasetId, Dexie.minKey], [datasetId, Dexie.maxKey]).last();
  let seq = last ? last.seq + 1 : 0;
  let batch: ImportedItem[] = [];
  let writing: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    if (!batch.length) return;
    const now = new Date().toISOString();
    const fresh = new Map<string, ImportedItem['image']>();
    for (const it of batch) if (it.image?.bytes && !fresh.has(it.image.hash)) fresh.set(it.image.hash, it.image);
    const stored = new Set((await db.images.bulkGet([...fresh.keys()])).filter(Boolean).map((r) => r!.hash));
    const images: ImageRecord[] = [];
    const thumbs: ThumbRecord[] = [];
    const broken = new Map<string, string>();
    const likeness = new Map<string, number | undefined>();
    const todo = [...fresh].filter(([hash]) => !stored.has(hash));
    // Decoding runs off-thread in the browser: keep a few in flight.
    await forEachConcurrently(todo, 4, async ([hash, image]) => {
      const blob = new Blob([image!.bytes! as Uint8Array<ArrayBuffer>], { type: image!.mime });
      if (options.thumbnailer) {
        const thumb = await options.thumbnailer(blob);
        if ('error' in thumb) {
          broken.set(hash, thumb.error);
          return;
        }
        thumbs.push({ hash, blob: thumb.thumb });
        likeness.set(hash, thumb.sceneLikeness);
      }
      images.push({ hash, blob, mime: image!.mime, width: image!.width, height: image!.height, sceneLikeness: likeness.get(hash) });
    });
    for (const image of images)
      if (image.sceneLikeness !== undefined && image.sceneLikeness < SYNTHETIC_SCENE_MIN) report.outsideWorld = (report.outsideWorld ?? 0) + 1;
    const items: Item[] = [];
    for (const it of batch) {
      const hash = it.image?.hash;
      if (hash && broken.has(hash)) {
        report.errors.push({ source: it.source.file, row: it.source.row, reason: `image "${it.image!.name}" cannot be decoded: ${broken.get(hash)}` });
        continue;
      }
      if (hash && (it.duplicateImage || stored.has(hash))) report.duplicates++;
      report.counts[it.kind]++;
      items.push(toItem(it, datasetId, seq++, now));
    }
    // One write in flight while the next batch is read and decoded.
    await writing;
    writing = db.transaction('rw', [db.items, db.images, db.thumbs], async () => {
      await db.images.bulkPut(images);
      await db.thumbs.bulkPut(thumbs);
      await db.items.bulkPut(items);
    });
    batch = [];
  };
  for await (const ev of events) {
    if (options.signal?.aborted) break;
    if (ev.type === 'item') {
      batch.push(ev.item);
      if (batch.length >= BATCH) await flush();
    } else if (ev.type === 'error') {
      if (ev.error.reason.startsWith('skipped:')) report.skipped.push(ev.error.source);
      else report.errors.push(ev.error);
    } else options.onProgress?.(ev);
  }
  await flush();
  await writing;
  if (options.signal?.aborted) report.errors.push({ source: sources.join(', '), reason: 'import cancelled — rows stored before the cancel are kept' });
  report.id = await db.imports.add(report);
  return report;
}

export function importReports(db: CuratorDB, datasetId: string): Promise<ImportReport[]> {
  return db.imports.where('datasetId').equals(datasetId).toArray();
}

export function allErrors(reports: ImportReport[]): RowError[] {
  return reports.flatMap((r) => r.errors);
}

async function forEachConcurrently<T>(list: T[], limit: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < list.length) await fn(list[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, lane));
}

// Imports into IndexedDB: an import stream stored in batches, images once per content hash, and the report of what
// was found (kept with the dataset so that its errors can be read after a reload). The report is the import's job
// record: written first, updated with every batch in the batch's own transaction, so that an import cut short by a
// crash is found at the next start ('interrupted', with the rows it stored), can be discarded, and can be resumed by
// importing the same files again: a row the dataset already holds (same source file and row) is skipped.

import type { ImportEvent, ImportedItem } from '../core/import/importer.ts';
import { toItem } from '../core/import/toItem.ts';
import type { Item, RowError } from '../core/model.ts';
import { contentId } from '../core/random.ts';
import { SYNTHETIC_SCENE_MIN } from '../core/synth/perceive.ts';
import type { CuratorDB, ImageRecord, ImportReport, ThumbRecord } from './db.ts';
import { deleteItemsWhere, eachDatasetItem, idsOfOtherDatasets, itemTables, lastItem, putItems } from './items.ts';

/**
 * Decodes an image (given as its Blob and the same bytes, already read) and tells its thumbnail — null when the image
 * is small enough to be its own, then no thumbnail record is stored — and how much it looks like a synthetic scene
 * (0–1), when measured; or says why the image cannot be decoded (then the item is reported, not stored).
 */
export type Thumbnailer = (blob: Blob, bytes: Uint8Array) => Promise<{ thumb: Blob | null; sceneLikeness?: number } | { error: string }>;

export interface ImportProgress {
  file: string;
  rows: number;
  filesDone: number;
  filesTotal: number;
}

/**
 * Rows per batch (one transaction each), and the most new image bytes one batch holds. Fewer, larger transactions:
 * timed by hand in the data worker for 100,000 rows, the wait before each transaction's first request and the page
 * writes took 1.5 s and 3.7 s in batches of 1,000, 0.8 s and 1.8 s in batches of 10,000. bench/import-browser.bench.ts,
 * 100,000 rows: 8,502 and 8,750 rows/s in batches of 1,000; 10,328 to 13,517 (three runs) in batches of 10,000, with
 * the faster row ids. The byte bound keeps a batch of new photos (every row its own image) to tens of megabytes.
 */
const BATCH_ROWS = 10_000;
const BATCH_BYTES = 64 * 2 ** 20;

/**
 * Store an import stream in a dataset, in batches, each batch in one transaction. Images are stored once per
 * content hash (also across imports). With a thumbnailer, images that do not decode become row errors.
 */
export async function importIntoDataset(
  db: CuratorDB,
  datasetId: string,
  sources: string[],
  events: AsyncIterable<ImportEvent>,
  options: {
    thumbnailer?: Thumbnailer;
    onProgress?: (p: ImportProgress) => void;
    signal?: AbortSignal;
    /** Hold a lock named for the job while it runs (Web Locks in the browser): a running job nobody holds was cut short. */
    lock?: (name: string) => Promise<() => void>;
    /** How full the storage is, for the message when it is full (navigator.storage.estimate in the browser). */
    estimate?: () => Promise<{ usage?: number; quota?: number }>;
    /** Rows per batch (default 10,000). */
    batchRows?: number;
    /** A batch also ends once it holds this many bytes of new images (default 64 MiB). */
    batchBytes?: number;
  } = {},
): Promise<ImportReport> {
  const report: ImportReport = {
    datasetId,
    at: new Date().toISOString(),
    sources,
    counts: { pair: 0, image: 0, text: 0 },
    duplicates: 0,
    errors: [],
    skipped: [],
    state: 'running',
    stored: 0,
    alreadyStored: 0,
    updatedAt: new Date().toISOString(),
  };
  report.id = await db.imports.add(report);
  const release = await options.lock?.(importLockName(report.id));
  let complete = false;
  try {
    complete = await runImport(db, datasetId, events, report, options);
  } finally {
    release?.();
  }
  // The same sources, imported to the end, finish what an interrupted import of them began.
  if (complete)
    await db.imports
      .where('datasetId')
      .equals(datasetId)
      .filter((r) => r.state === 'interrupted' && r.sources.join('\u0000') === sources.join('\u0000'))
      .modify({ state: 'resumed' });
  return report;
}

export const importLockName = (reportId: number) => `clip-curator:import:${reportId}`;

/** The id of an imported row: its carried id, or one derived from dataset, source file and row (so a resumed import finds it). */
function rowId(it: ImportedItem, datasetId: string): string {
  return (
    it.carried?.id ??
    contentId('import', datasetId, it.source.file, String(it.source.row ?? ''), it.source.row === undefined ? (it.image?.hash ?? it.caption ?? '') : '')
  );
}

async function runImport(
  db: CuratorDB,
  datasetId: string,
  events: AsyncIterable<ImportEvent>,
  report: ImportReport,
  options: Parameters<typeof importIntoDataset>[4] & object,
): Promise<boolean> {
  const last = await lastItem(db, datasetId);
  let seq = last ? last.seq + 1 : 0;
  // The ids the dataset holds (a resumed import skips them), read once; the rows this import stores are added as it goes.
  const heldIds = new Set<string>();
  if (last) await eachDatasetItem(db, datasetId, (i) => void heldIds.add(i.id));
  /** The ids other datasets hold, read when the first carried id arrives (an export imported again). */
  let otherIds: Set<string> | undefined;
  let batch: ImportedItem[] = [];
  let batchBytes = 0;
  const batchRows = options.batchRows ?? BATCH_ROWS;
  const maxBytes = options.batchBytes ?? BATCH_BYTES;
  /** The last batch's write, and the one before it: at most two batches wait while the next is read. */
  let writing: Promise<unknown> = Promise.resolve();
  let before: Promise<unknown> = Promise.resolve();
  /**
   * Images a batch could not decode, with the reason: a later row naming one (without bytes of its own) fails too. Read
   * by the writes, which run after every earlier batch's images are decoded.
   */
  const undecodable = new Map<string, string>();
  /** A batch's new images stored once per content hash, with thumbnails (and the reason, for those that do not decode). */
  const decodeImages = async (rows: ImportedItem[]) => {
    const fresh = new Map<string, NonNullable<ImportedItem['image']>>();
    for (const it of rows) if (it.image?.bytes && !fresh.has(it.image.hash) && !undecodable.has(it.image.hash)) fresh.set(it.image.hash, it.image);
    const stored = new Set(fresh.size ? (await db.images.bulkGet([...fresh.keys()])).filter(Boolean).map((r) => r!.hash) : []);
    const images: ImageRecord[] = [];
    const thumbs: ThumbRecord[] = [];
    const broken = new Map<string, string>();
    const todo = [...fresh].filter(([hash]) => !stored.has(hash));
    // Chromium's decoder (createImageBitmap: JPEG, WebP, and any image larger than a thumbnail) runs off-thread: keep
    // several in flight.
    await forEachConcurrently(todo, 8, async ([hash, image]) => {
      // The picked file itself when its type is right; a Blob made from the bytes otherwise (archives, the demo).
      const blob = image.blob?.type === image.mime ? image.blob : new Blob([image.bytes! as Uint8Array<ArrayBuffer>], { type: image.mime });
      let sceneLikeness: number | undefined;
      if (options.thumbnailer) {
        const thumb = await options.thumbnailer(blob, image.bytes!);
        if ('error' in thumb) {
          broken.set(hash, thumb.error);
          return;
        }
        if (thumb.thumb) thumbs.push({ hash, blob: thumb.thumb });
        sceneLikeness = thumb.sceneLikeness;
      }
      images.push({ hash, blob, mime: image.mime, width: image.width, height: image.height, sceneLikeness });
    });
    for (const image of images)
      if (image.sceneLikeness !== undefined && image.sceneLikeness < SYNTHETIC_SCENE_MIN) report.outsideWorld = (report.outsideWorld ?? 0) + 1;
    for (const [hash, reason] of broken) undecodable.set(hash, reason);
    return { stored, images, thumbs, broken };
  };
  const flush = async () => {
    if (!batch.length) return;
    const rows = batch;
    batch = [];
    batchBytes = 0;
    // A batch's images are decoded while the batch before it is written and the next one is read; the writes go one
    // after another, in order (each takes the sequence numbers the one before it left).
    await before;
    const decoded = decodeImages(rows);
    decoded.catch(() => {});
    const previous = writing;
    before = previous;
    writing = (async () => {
      const { stored, images, thumbs, broken } = await decoded;
      await previous;
      return write(rows, stored, images, thumbs, broken);
    })();
    // Awaited before the batch after next and at the end: a failure (a full disk) surfaces there, not as an
    // unhandled rejection, and no later batch is written after it.
    writing.catch(() => {});
  };
  const write = (rows: ImportedItem[], stored: Set<string>, images: ImageRecord[], thumbs: ThumbRecord[], broken: Map<string, string>) => {
    const now = new Date().toISOString();
    // Carried ids are looked up inside the write's own transaction: a separate read would wait for the write before it.
    return db
      .transaction('rw', [...itemTables(db), db.images, db.thumbs, db.imports], async () => {
        const items: Item[] = [];
        const ids = rows.map((it) => rowId(it, datasetId));
        // Rows this dataset already holds are skipped: their ids are read once, when the import begins (a dataset that
        // was empty then holds none). An id carried from an export that another dataset uses gets one of this
        // dataset's own (the item is never moved): only carried ids are looked up across datasets.
        // There is no index of ids: the other datasets' ids are read once, by the first batch that carries ids.
        const carried = rows.flatMap((it, k) => (it.carried?.id && !heldIds.has(ids[k]) ? [ids[k]] : []));
        if (carried.length) otherIds ??= await idsOfOtherDatasets(db, datasetId);
        const elsewhere = new Set(carried.filter((id) => otherIds!.has(id)));
        for (const [k, id] of ids.entries()) if (elsewhere.has(id)) ids[k] = contentId('import', datasetId, id);
        const held = new Set(ids.filter((id) => heldIds.has(id)));
        const counts = { ...report.counts };
        let { duplicates, alreadyStored = 0 } = report;
        const errors: RowError[] = [];
        let next = seq;
        for (const [k, it] of rows.entries()) {
          if (held.has(ids[k])) {
            alreadyStored++;
            continue;
          }
          const hash = it.image?.hash;
          const undecoded = hash && (broken.get(hash) ?? undecodable.get(hash));
          if (undecoded) {
            errors.push({ source: it.source.file, row: it.source.row, reason: `image "${it.image!.name}" cannot be decoded: ${undecoded}` });
            continue;
          }
          if (hash && (it.duplicateImage || stored.has(hash))) duplicates++;
          counts[it.kind]++;
          items.push({ ...toItem(it, datasetId, next++, now, ids[k]), id: ids[k], importId: report.id });
        }
        const snapshot = {
          ...report,
          counts,
          duplicates,
          alreadyStored,
          errors: [...report.errors, ...errors],
          stored: (report.stored ?? 0) + items.length,
          updatedAt: now,
        };
        await db.images.bulkPut(images);
        await db.thumbs.bulkPut(thumbs);
        await putItems(db, items);
        await db.imports.put(snapshot);
        return { snapshot, next, errors, stored: items.map((i) => i.id) };
      })
      .then(({ snapshot, next, errors, stored }) => {
        // Committed: the report and the sequence move on only now, so a failed batch counts nothing.
        seq = next;
        for (const id of stored) heldIds.add(id);
        Object.assign(report, { counts: snapshot.counts, duplicates: snapshot.duplicates, alreadyStored: snapshot.alreadyStored, stored: snapshot.stored });
        report.errors.push(...errors);
      });
  };
  let failed: Error | undefined;
  try {
    for await (const ev of events) {
      if (options.signal?.aborted) break;
      if (ev.type === 'item') {
        batch.push(ev.item);
        batchBytes += ev.item.image?.bytes?.byteLength ?? 0;
        if (batch.length >= batchRows || batchBytes >= maxBytes) await flush();
      } else if (ev.type === 'error') {
        if (ev.error.reason.startsWith('skipped:')) report.skipped.push(ev.error.source);
        else report.errors.push(ev.error);
      } else options.onProgress?.(ev);
    }
    await flush();
    // Each write waits for the one before it, so the last one's end is every write's.
    await writing;
  } catch (e) {
    failed = e as Error;
  }
  const sources = report.sources.join(', ');
  if (failed && isQuotaError(failed)) {
    const { usage, quota } = (await options.estimate?.().catch(() => undefined)) ?? {};
    const mb = (n?: number) => (n === undefined ? '?' : `${Math.round(n / 1e6).toLocaleString('en-US')} MB`);
    report.errors.push({
      source: sources,
      reason:
        `the browser's storage for this site is full (${mb(usage)} used of ${mb(quota)} allowed): ${(report.stored ?? 0).toLocaleString('en-US')} rows were stored before it filled, ` +
        'and they are kept — free space (delete a dataset you no longer need), then import the same files again: rows already stored are skipped',
    });
  } else if (failed) {
    report.errors.push({
      source: sources,
      reason: `import stopped: ${failed.message} — ${(report.stored ?? 0).toLocaleString('en-US')} rows were stored and are kept; importing the same files again skips them`,
    });
  }
  if (options.signal?.aborted) report.errors.push({ source: sources, reason: 'import cancelled — rows stored before the cancel are kept' });
  report.state = 'done';
  report.updatedAt = new Date().toISOString();
  await db.imports.put(report);
  return !failed && !options.signal?.aborted;
}

function isQuotaError(e: Error): boolean {
  return e.name === 'QuotaExceededError' || (e as { inner?: Error }).inner?.name === 'QuotaExceededError' || /quota/i.test(e.message);
}

/**
 * Imports of the dataset that a crash cut short: 'running' jobs whose lock nobody holds are marked 'interrupted'.
 * `held` tells whether a lock is held (navigator.locks.query in the browser); without it, running jobs are left as
 * they are.
 */
export async function interruptedImports(db: CuratorDB, datasetId: string, held?: (name: string) => Promise<boolean>): Promise<ImportReport[]> {
  const reports = await db.imports.where('datasetId').equals(datasetId).toArray();
  const out: ImportReport[] = [];
  for (const r of reports) {
    if (r.state === 'running' && held && !(await held(importLockName(r.id!)))) {
      r.state = 'interrupted';
      await db.imports.update(r.id!, { state: 'interrupted' });
    }
    if (r.state === 'interrupted') out.push(r);
  }
  return out;
}

/** Remove the rows an interrupted import stored (and only those); its report stays, marked discarded. */
export async function discardImport(db: CuratorDB, reportId: number): Promise<number> {
  return db.transaction('rw', [...itemTables(db), db.imports], async () => {
    const report = await db.imports.get(reportId);
    if (!report) return 0;
    const removed = await deleteItemsWhere(db, report.datasetId, (i) => i.importId === reportId);
    await db.imports.update(reportId, { state: 'discarded' });
    return removed;
  });
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

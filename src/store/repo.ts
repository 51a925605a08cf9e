// Reads and writes the user's data. Every reviewer command is one transaction: the item and its audit entry together.

import Dexie from 'dexie';
import type { ImportEvent, ImportedItem } from '../core/import/importer.ts';
import { toItem } from '../core/import/toItem.ts';
import { itemState, type ItemState, withDecision, withEditedCaption, type Approval, type Cut, type CutEvent, type CutEvidence, type Dataset, type HistoryEvent, type Item, type ReviewStatus, type RowError } from '../core/model.ts';
import type { Negative } from '../core/negatives/types.ts';
import type { CuratorDB, ImageRecord, ImportReport, ThumbRecord } from './db.ts';
import { revertToOriginal } from '../core/providers/routes.ts';
import type { JobStore } from '../core/providers/queue.ts';

export async function createDataset(db: CuratorDB, name: string): Promise<Dataset> {
  const dataset = { id: globalThis.crypto.randomUUID(), name, createdAt: new Date().toISOString() };
  await db.datasets.add(dataset);
  return dataset;
}

/** Makes a thumbnail, or says why the image cannot be decoded (then the item is reported, not stored). */
export type Thumbnailer = (blob: Blob) => Promise<Blob | { error: string }>;

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
  const report: ImportReport = { datasetId, at: new Date().toISOString(), sources, counts: { pair: 0, image: 0, text: 0 }, duplicates: 0, errors: [], skipped: [] };
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
        thumbs.push({ hash, blob: thumb });
      }
      images.push({ hash, blob, mime: image!.mime, width: image!.width, height: image!.height });
    });
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

/** All items of a dataset in import order. */
export function loadItems(db: CuratorDB, datasetId: string): Promise<Item[]> {
  return db.items.where('[datasetId+seq]').between([datasetId, Dexie.minKey], [datasetId, Dexie.maxKey]).toArray();
}

/** The first items of a dataset, for a fast first paint while the whole list loads. */
export function loadFirstItems(db: CuratorDB, datasetId: string, count: number): Promise<Item[]> {
  return db.items.where('[datasetId+seq]').between([datasetId, Dexie.minKey], [datasetId, Dexie.maxKey]).limit(count).toArray();
}

/** Items in import order, a page at a time, so that exports never hold the whole dataset. */
export async function* iterateItems(db: CuratorDB, datasetId: string, filter: (item: Item) => boolean = () => true, pageSize = 1000): AsyncGenerator<Item> {
  let from = -Infinity;
  for (;;) {
    const page = await db.items
      .where('[datasetId+seq]')
      .between([datasetId, from], [datasetId, Dexie.maxKey], false, true)
      .limit(pageSize)
      .toArray();
    for (const item of page) if (filter(item)) yield item;
    if (page.length < pageSize) return;
    from = page[page.length - 1].seq;
  }
}

async function changeItem(db: CuratorDB, itemId: string, by: string, change: HistoryEvent['change'], apply: (item: Item, at: string) => Item): Promise<Item> {
  return db.transaction('rw', [db.items, db.history], async () => {
    const item = await db.items.get(itemId);
    if (!item) throw new Error(`item ${itemId} no longer exists — reload the dataset`);
    const at = new Date().toISOString();
    const next = apply(item, at);
    if (next === item) return item;
    await db.items.put(next);
    await db.history.add({ datasetId: item.datasetId, itemId, at, by, change, before: itemState(item), after: itemState(next) });
    return next;
  });
}

export function decide(db: CuratorDB, itemId: string, status: ReviewStatus, by: string): Promise<Item> {
  return changeItem(db, itemId, by, 'decision', (item, at) => (item.status === status ? item : withDecision(item, status, by, at)));
}

/** Back to the item's original caption (and no generated image): one command, recorded, undoable. */
export function revertItem(db: CuratorDB, itemId: string, by: string): Promise<Item> {
  return changeItem(db, itemId, by, 'caption', (item, at) => {
    const next = revertToOriginal(item, by, at);
    return next.captions.length === item.captions.length && next.kind === item.kind ? item : next;
  });
}

/** Jobs in IndexedDB, so a reload resumes them. */
export function dexieJobStore(db: CuratorDB): JobStore {
  return {
    unfinished: (datasetId) => db.jobs.where('datasetId').equals(datasetId).filter((j) => j.status === 'queued' || j.status === 'running').toArray(),
    put: async (job) => void (await db.jobs.put(job)),
    putMany: async (jobs) => void (await db.jobs.bulkPut(jobs)),
  };
}

export function editCaption(db: CuratorDB, itemId: string, text: string, by: string): Promise<Item> {
  return changeItem(db, itemId, by, 'caption', (item, at) => withEditedCaption(item, text, by, at));
}

/**
 * Decide many items at once (accept all above the cut, reject all below). Items a reviewer decided are left alone;
 * the changes share one batch id in the audit log, so one undo walks them all back.
 */
export async function bulkDecide(db: CuratorDB, datasetId: string, itemIds: string[], status: Exclude<ReviewStatus, 'pending'>, by: string, label: string): Promise<{ changed: Item[]; skipped: number }> {
  return db.transaction('rw', [db.items, db.history], async () => {
    const batchId = globalThis.crypto.randomUUID();
    const at = new Date().toISOString();
    const items = (await db.items.bulkGet(itemIds)).filter((i): i is Item => !!i && i.datasetId === datasetId);
    const open = items.filter((i) => (!i.decision || i.decision.via === 'bulk') && i.status !== status);
    const changed = open.map((i) => withDecision(i, status, by, at, 'bulk'));
    await db.items.bulkPut(changed);
    await db.history.bulkAdd(open.map((i, k) => ({ datasetId, itemId: i.id, at, by, change: 'decision' as const, before: itemState(i), after: itemState(changed[k]), batchId, label })));
    return { changed, skipped: items.length - open.length };
  });
}

/**
 * Walk back the dataset's most recent change that is not undone yet (all of it, for a bulk command).
 * The audit entries stay, marked undone, and each undo is itself recorded.
 */
export async function undoLast(db: CuratorDB, datasetId: string, by: string, onNegatives?: (restored: Negative[]) => void): Promise<Item[]> {
  return db.transaction('rw', [db.items, db.history, db.negatives], async () => {
    const last = await db.history
      .where('datasetId')
      .equals(datasetId)
      .reverse()
      .filter((e) => !e.undone)
      .first();
    if (!last) return [];
    const events = last.batchId ? await db.history.where('batchId').equals(last.batchId).filter((e) => !e.undone).toArray() : [last];
    const at = new Date().toISOString();
    const restored: Item[] = [];
    const negatives: Negative[] = [];
    for (const event of events) {
      if (event.change === 'negative') {
        const neg = await db.negatives.get(event.itemId);
        if (!neg) continue;
        const before = event.before as unknown as Pick<Negative, 'status' | 'decidedBy' | 'decidedAt'>;
        const back: Negative = { ...neg, status: before.status, decidedBy: before.decidedBy, decidedAt: before.decidedAt };
        await db.negatives.put(back);
        negatives.push(back);
        continue;
      }
      const item = await db.items.get(event.itemId);
      if (!item) continue;
      // A decision's undo touches only the decision: scores computed since then stay.
      const fields = event.change === 'decision' ? { status: event.before.status, decision: event.before.decision } : event.before;
      const back: Item = { ...item, ...fields };
      if (!event.before.decision) delete back.decision;
      restored.push(back);
    }
    await db.items.bulkPut(restored);
    if (negatives.length) onNegatives?.(negatives);
    await db.history.bulkUpdate(events.map((e) => ({ key: e.id!, changes: { undone: true } })));
    await db.history.bulkAdd(
      events.map((e) => ({ datasetId, itemId: e.itemId, at, by, change: e.change, before: e.after, after: e.before, undone: true, undoOf: e.id, ...(e.batchId ? { label: `undo: ${e.label}` } : {}) })),
    );
    return restored;
  });
}

/** The dataset's cut, if one was ever set. */
export function loadCut(db: CuratorDB, datasetId: string): Promise<Cut | undefined> {
  return db.cuts.get(datasetId);
}

/** Move the cut. Moving an approved cut withdraws the approval; both are recorded in the cut's history. */
export async function moveCut(db: CuratorDB, datasetId: string, change: { model: string; value: number; mode: Cut['mode']; topFraction?: number }, by: string): Promise<Cut> {
  return db.transaction('rw', db.cuts, async () => {
    const cut = (await db.cuts.get(datasetId)) ?? { datasetId, model: change.model, mode: change.mode, value: change.value, history: [] };
    const same = cut.history.length > 0 && cut.model === change.model && cut.value === change.value && cut.mode === change.mode;
    if (same) return cut;
    const event: CutEvent = { at: new Date().toISOString(), by, action: 'moved', model: change.model, from: cut.history.length ? cut.value : undefined, to: change.value, ...(cut.approval ? { unapproved: true } : {}) };
    const next: Cut = { ...cut, ...change, approval: undefined, history: [...cut.history, event] };
    if (change.mode !== 'top') delete next.topFraction;
    await db.cuts.put(next);
    return next;
  });
}

/** Approve the current cut: who, when, and the evidence at that moment. */
export async function approveCut(db: CuratorDB, datasetId: string, by: string, evidence: CutEvidence): Promise<Cut> {
  return db.transaction('rw', db.cuts, async () => {
    const cut = await db.cuts.get(datasetId);
    if (!cut) throw new Error('there is no cut to approve yet — set a threshold first');
    const at = new Date().toISOString();
    const approval: Approval = { by, at, model: cut.model, value: cut.value, evidence };
    const next: Cut = { ...cut, approval, history: [...cut.history, { at, by, action: 'approved', model: cut.model, to: cut.value, evidence }] };
    await db.cuts.put(next);
    return next;
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

/** A dataset's hard negatives. */
export function loadNegatives(db: CuratorDB, datasetId: string): Promise<Negative[]> {
  return db.negatives.where('datasetId').equals(datasetId).toArray();
}

/** Accept, reject or reset a hard negative: written with an audit entry, so undo walks it back. */
export async function decideNegative(db: CuratorDB, negativeId: string, status: Negative['status'], by: string): Promise<Negative> {
  return db.transaction('rw', [db.negatives, db.history], async () => {
    const neg = await db.negatives.get(negativeId);
    if (!neg) throw new Error(`negative ${negativeId} no longer exists — generate the negatives again`);
    if (neg.status === status) return neg;
    const at = new Date().toISOString();
    const next: Negative = status === 'pending' ? { ...neg, status, decidedBy: undefined, decidedAt: undefined } : { ...neg, status, decidedBy: by, decidedAt: at };
    await db.negatives.put(next);
    const state = (n: Negative) => ({ status: n.status, decidedBy: n.decidedBy, decidedAt: n.decidedAt }) as unknown as ItemState;
    await db.history.add({ datasetId: neg.datasetId, itemId: neg.id, at, by, change: 'negative', before: state(neg), after: state(next) });
    return next;
  });
}

// The IndexedDB schema, every version of it, in one file. A user's data from an older version opens in a newer one.

import Dexie, { type Table } from 'dexie';
import type { Cut, Dataset, HistoryRecord, Item, RowError } from '../core/model.ts';
import type { ImageInfo } from '../core/import/image.ts';
import type { Job } from '../core/providers/queue.ts';
import type { Negative } from '../core/negatives/types.ts';

export interface ImageRecord {
  hash: string;
  blob: Blob;
  mime: ImageInfo['mime'];
  width: number;
  height: number;
  /** How much it looks like a synthetic scene (0–1), measured on its thumbnail at import: the bundled models know nothing else. */
  sceneLikeness?: number;
}

/** Items per page record (persist/items.ts says why pages). */
export const ITEMS_PER_PAGE = 1000;

/** Up to ITEMS_PER_PAGE items of one dataset, by import order: one record (persist/items.ts says why). */
export interface ItemPage {
  datasetId: string;
  /** floor(seq / ITEMS_PER_PAGE) of every item on it. */
  page: number;
  /** In seq order. */
  items: Item[];
  /** The items' ids, written by versions 7 and 8 for an index of them (dropped in version 9); not read. */
  ids?: string[];
}

export interface ThumbRecord {
  hash: string;
  blob: Blob;
}

/** What one import found, kept with the dataset so that its errors can be read after a reload. */
export interface ImportReport {
  id?: number;
  datasetId: string;
  at: string;
  sources: string[];
  counts: Record<Item['kind'], number>;
  duplicates: number;
  /** Distinct images stored by this import that are not synthetic scenes (the bundled models know nothing else). */
  outsideWorld?: number;
  errors: RowError[];
  skipped: string[];
  /**
   * The import as a job: 'running' while it works (rows are stored batch by batch, each batch with this report);
   * 'done' when it ended; 'interrupted' when the tab died mid-way (found at the next start); 'resumed' once the same
   * sources were imported again; 'discarded' once its rows were removed. Absent in reports older than jobs.
   */
  state?: 'running' | 'done' | 'interrupted' | 'resumed' | 'discarded';
  /** Rows stored by this import (items written). */
  stored?: number;
  /** Rows the dataset already held (same source file and row, or the same carried id): skipped, so a resumed import adds none twice. */
  alreadyStored?: number;
  /** Stored embeddings that came with the rows (vectors/), per model: reused, not computed again. */
  embeddings?: Record<string, number>;
  updatedAt?: string;
}

/**
 * One embedding per model per image content hash ("image:<hash>") or per caption text ("text:<hash>:<length>"):
 * duplicates share it, and editing a caption only needs the new text embedded.
 */
export interface EmbeddingRecord {
  model: string;
  key: string;
  vector: Float32Array;
}

export const DB_NAME = 'clip-curator';

export class CuratorDB extends Dexie {
  datasets!: Table<Dataset, string>;
  /** The items, a page of them per record: read and write them through persist/items.ts. */
  itemPages!: Table<ItemPage, [string, number]>;
  images!: Table<ImageRecord, string>;
  thumbs!: Table<ThumbRecord, string>;
  history!: Table<HistoryRecord, number>;
  /** Small settings that must survive a crash (localStorage loses its last writes when the browser is killed). */
  kv!: Table<{ key: string; value: string }, string>;
  imports!: Table<ImportReport, number>;
  /** Filled by later stages: embeddings per item per model, hard negatives, provider jobs. */
  embeddings!: Table<EmbeddingRecord, [string, string]>;
  negatives!: Table<Negative, string>;
  jobs!: Table<Job, string>;
  cuts!: Table<Cut, string>;

  constructor(name = DB_NAME, options: ConstructorParameters<typeof Dexie>[1] = {}) {
    super(name, options);
    // Version 1, the first backbone: one caption string per item, decisions without history.
    this.version(1).stores({
      datasets: 'id',
      items: 'id, datasetId, [datasetId+seq]',
      images: 'hash',
    });
    // Version 2: caption history with provenance, an audit log (also what undo walks), import reports, thumbnails,
    // and tables for scores, negatives and jobs.
    this.version(2)
      .stores({
        datasets: 'id, createdAt',
        items: 'id, [datasetId+seq]',
        images: 'hash',
        thumbs: 'hash',
        history: '++id, datasetId, itemId',
        imports: '++id, datasetId',
        embeddings: '[model+key]',
        negatives: 'id, datasetId, itemId',
        jobs: 'id, datasetId, status',
      })
      .upgrade(async (tx) => {
        await tx
          .table('items')
          .toCollection()
          .modify((item: Record<string, unknown>) => {
            if (!Array.isArray(item.captions)) {
              const at = typeof item.importedAt === 'string' ? item.importedAt : new Date(0).toISOString();
              item.captions = typeof item.caption === 'string' && item.caption ? [{ text: item.caption, provenance: { origin: 'imported', at } }] : [];
            }
            delete item.caption;
            delete item.importedAt;
            item.status ??= 'pending';
            item.source ??= { file: 'unknown (imported before version 2)' };
          });
      });
    // Version 3: the threshold cut of each dataset, with its approvals and history; bulk-decision batches in the log.
    this.version(3).stores({ cuts: 'datasetId', history: '++id, datasetId, itemId, batchId' });
    // Version 4: hard negatives are read per dataset and per positive item (the table existed, unused, since version 2).
    this.version(4).stores({ negatives: 'id, datasetId, itemId' });
    // Version 5: crash-safe settings (the open dataset, an unfinished negatives run, prompt templates).
    this.version(5).stores({ kv: 'key' });
    // Version 6: items carry their image's size (the size filters read it), copied from the image records.
    this.version(6)
      .stores({})
      .upgrade(async (tx) => {
        const sizes = new Map<string, [number, number]>();
        await tx
          .table('images')
          .toCollection()
          .each((r: ImageRecord) => {
            if (r.width && r.height) sizes.set(r.hash, [r.width, r.height]);
          });
        await tx
          .table('items')
          .toCollection()
          .modify((item: Item) => {
            const size = item.imageHash ? sizes.get(item.imageHash) : undefined;
            if (size && !item.imageSize) item.imageSize = size;
          });
      });
    // Version 7: items move into pages of 1,000 (one record each), found by id through a multi-entry index; version 8
    // drops the one-record-per-item table once its items have moved.
    this.version(7)
      .stores({ itemPages: '[datasetId+page], *ids' })
      .upgrade(async (tx) => {
        const pages = new Map<string, ItemPage>();
        await tx
          .table('items')
          .toCollection()
          .each((item: Item) => {
            const page = Math.floor(item.seq / ITEMS_PER_PAGE);
            const key = `${item.datasetId}\u0000${page}`;
            (pages.get(key) ?? pages.set(key, { datasetId: item.datasetId, page, items: [], ids: [] }).get(key)!).items.push(item);
          });
        for (const p of pages.values()) {
          p.items.sort((a, b) => a.seq - b.seq);
          p.ids = p.items.map((i) => i.id);
        }
        await tx.table('itemPages').bulkPut([...pages.values()]);
      });
    this.version(8).stores({ items: null });
    // Version 9: no index of item ids (persist/items.ts says why): an item is found by its dataset and seq.
    this.version(9).stores({ itemPages: '[datasetId+page]' });
    // Version 10: a bulk command's log is a record per page of items (HistoryBatch), found by its dataset and page.
    this.version(10).stores({ history: '++id, datasetId, itemId, batchId, [datasetId+page]' });
    // Every history entry written from a tab carries the tab's id (see setHistoryTab).
    this.history.hook('creating', (_key, entry) => {
      if (historyTab && entry.tab === undefined && entry.undoOf === undefined) entry.tab = historyTab;
    });
  }
}

let historyTab: string | undefined;

/** This page's tab id: its history entries carry it, and undo walks back only them. Set once by the page. */
export function setHistoryTab(tab: string): void {
  historyTab = tab;
}

export function currentHistoryTab(): string | undefined {
  return historyTab;
}

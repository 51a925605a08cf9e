// Items are stored in pages: the items of a dataset whose import order (seq) falls in one block of ITEMS_PER_PAGE,
// one IndexedDB record per page. A record costs Chromium's IndexedDB about 150-240 µs to write whatever its size
// (bench/idb-records.bench.ts), so one record per item capped an import at a few thousand rows a second; a page of
// 1,000 costs 8-14 µs an item. An item is found by where it is (ItemRef: its dataset and seq name its page, its id the
// item on it), not through an index of ids: a multi-entry index of every page's item ids doubled the cost of a page
// write (16-32 µs an item), half of an import's writes. Every write goes through putItems, which reads the pages it
// changes again inside the caller's transaction, so concurrent writers (the data and scoring workers, other tabs)
// never overwrite each other's items.

import Dexie from 'dexie';
import type { Item } from '../core/model.ts';
import { type CuratorDB, ITEMS_PER_PAGE, type ItemPage } from './db.ts';

export { ITEMS_PER_PAGE };

export const pageOf = (seq: number) => Math.floor(seq / ITEMS_PER_PAGE);

const datasetPages = (db: CuratorDB, datasetId: string) => db.itemPages.where('[datasetId+page]').between([datasetId, Dexie.minKey], [datasetId, Dexie.maxKey]);

/**
 * Pages per request when a whole dataset is read. One request for all of them held the page's thread for its whole
 * answer (about 0.6 s of decoding at 100,000 items, the page frozen after every import); ten at a time leave the
 * thread free between answers of ~10,000 items.
 */
const PAGES_PER_READ = 10;

/**
 * Makes the strings that repeat across items one string each (and equal image sizes one array): IndexedDB hands every
 * item its own copy of its dataset id, image hash, file name, status and times. bench/item-memory.bench.ts (Node,
 * items through V8's serializer, the format IndexedDB stores): 1,017 bytes an item become 611, two fifths of the
 * page's memory for a large dataset's list. Items are never changed in place, so sharing is safe.
 */
export function itemSharer(): (item: Item) => void {
  const strings = new Map<string, string>();
  const sizes = new Map<string, [number, number]>();
  const one = (s: string) => {
    const held = strings.get(s);
    if (held !== undefined) return held;
    strings.set(s, s);
    return s;
  };
  return (item) => {
    item.datasetId = one(item.datasetId);
    item.kind = one(item.kind) as Item['kind'];
    item.status = one(item.status) as Item['status'];
    if (item.imageHash !== undefined) item.imageHash = one(item.imageHash);
    if (item.imageName !== undefined) item.imageName = one(item.imageName);
    if (item.imageSize) {
      const key = `${item.imageSize[0]}x${item.imageSize[1]}`;
      item.imageSize = sizes.get(key) ?? sizes.set(key, item.imageSize).get(key)!;
    }
    item.source.file = one(item.source.file);
    for (const { provenance: p } of item.captions) {
      p.origin = one(p.origin) as typeof p.origin;
      p.at = one(p.at);
      if (p.file !== undefined) p.file = one(p.file);
      if (p.by !== undefined) p.by = one(p.by);
      if (p.model !== undefined) p.model = one(p.model);
    }
    if (item.decision) {
      item.decision.by = one(item.decision.by);
      item.decision.at = one(item.decision.at);
    }
  };
}

/** A dataset's pages in order, `perRead` per request: each request is its own read, nothing holds them all. */
async function* pagesInOrder(db: CuratorDB, datasetId: string, perRead: number): AsyncGenerator<ItemPage[]> {
  let after = -Infinity;
  for (;;) {
    const pages = await db.itemPages.where('[datasetId+page]').between([datasetId, after], [datasetId, Dexie.maxKey], false, true).limit(perRead).toArray();
    if (pages.length) yield pages;
    if (pages.length < perRead) return;
    after = pages[pages.length - 1].page;
  }
}

/** All items of a dataset in import order, read ten pages per request; `onRead` hears how many are read so far. */
export async function readItems(db: CuratorDB, datasetId: string, onRead?: (items: number) => void): Promise<Item[]> {
  const out: Item[] = [];
  const share = itemSharer();
  for await (const pages of pagesInOrder(db, datasetId, PAGES_PER_READ)) {
    for (const p of pages)
      for (const item of p.items) {
        share(item);
        out.push(item);
      }
    // Not after the last request (one of fewer pages): the list is then read whole.
    if (pages.length === PAGES_PER_READ) onRead?.(out.length);
  }
  return out;
}

/** The first `count` items of a dataset in import order (whole pages are read: a page is one record). */
export async function readFirstItems(db: CuratorDB, datasetId: string, count: number): Promise<Item[]> {
  const pages = await datasetPages(db, datasetId)
    .limit(Math.ceil(count / ITEMS_PER_PAGE) + 1)
    .toArray();
  return pages.flatMap((p) => p.items).slice(0, count);
}

/** A dataset's pages in order, one at a time (exports never hold the whole dataset). */
export async function* readPages(db: CuratorDB, datasetId: string): AsyncGenerator<Item[]> {
  for await (const [page] of pagesInOrder(db, datasetId, 1)) yield page.items;
}

/** The dataset's last item in import order. */
export async function lastItem(db: CuratorDB, datasetId: string): Promise<Item | undefined> {
  const page = await datasetPages(db, datasetId).last();
  return page?.items[page.items.length - 1];
}

/**
 * A dataset's image revision: a token in the kv table that every write adding or removing an item, or changing an
 * item's image, replaces (in the write's own transaction). Caches of a dataset's images (the scoring worker's search
 * index) are keyed by it, so they rebuild after an import, a deletion or a generated image, and not after a decision,
 * without reading every page to find out.
 */
export const imagesRevisionKey = (datasetId: string) => `images-rev:${datasetId}`;

export async function imagesRevision(db: CuratorDB, datasetId: string): Promise<string> {
  return (await db.kv.get(imagesRevisionKey(datasetId)))?.value ?? 'none';
}

async function newImagesRevision(db: CuratorDB, datasetIds: Iterable<string>): Promise<void> {
  const value = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  await db.kv.bulkPut([...new Set(datasetIds)].map((id) => ({ key: imagesRevisionKey(id), value })));
}

/** The tables a transaction that writes items must hold: the pages, and the kv table of the image revision. */
export const itemTables = (db: CuratorDB) => [db.itemPages, db.kv];

/** How many items the dataset holds. */
export async function countItems(db: CuratorDB, datasetId: string): Promise<number> {
  let n = 0;
  await datasetPages(db, datasetId).each((p) => void (n += p.items.length));
  return n;
}

/**
 * Where an item is: its dataset and seq name its page (one read), its id the item on the page. Without the seq (an
 * audit entry or a queued job written before the seq was kept, an id another tab named) the item is looked for
 * through its dataset's pages.
 */
export interface ItemRef {
  id: string;
  datasetId: string;
  seq?: number;
}

/** The ref of an item. */
export const refOf = (item: Pick<Item, 'id' | 'datasetId' | 'seq'>): ItemRef => ({ id: item.id, datasetId: item.datasetId, seq: item.seq });

/** The ref of the item a record names by `itemId` (an audit entry, a queued job). */
export const refNamed = (r: { itemId: string; datasetId: string; seq?: number }): ItemRef => ({ id: r.itemId, datasetId: r.datasetId, seq: r.seq });

/**
 * Items where the refs say, in the order asked, undefined where there is none (as Dexie's bulkGet): one request for
 * the pages of the refs with a seq (an item keeps its seq, so its page is the only place it can be), one read through
 * each dataset named by a ref without one.
 */
export async function getItemsAt(db: CuratorDB, refs: ItemRef[]): Promise<(Item | undefined)[]> {
  if (!refs.length) return [];
  const found = new Map<string, Item>();
  const at = (datasetId: string, id: string) => `${datasetId}\u0000${id}`;
  const placed = refs.filter((r) => r.seq !== undefined);
  if (placed.length) {
    const keys = new Map(placed.map((r) => [pageKey(r.datasetId, pageOf(r.seq!)), [r.datasetId, pageOf(r.seq!)] as [string, number]]));
    const pages = await db.itemPages.bulkGet([...keys.values()]);
    const wanted = new Set(placed.map((r) => at(r.datasetId, r.id)));
    for (const p of pages) if (p) for (const item of p.items) if (wanted.has(at(p.datasetId, item.id))) found.set(at(p.datasetId, item.id), item);
  }
  const unplaced = new Map<string, Set<string>>();
  for (const r of refs) if (r.seq === undefined) (unplaced.get(r.datasetId) ?? unplaced.set(r.datasetId, new Set()).get(r.datasetId)!).add(r.id);
  for (const [datasetId, ids] of unplaced) await eachDatasetItem(db, datasetId, (item) => void (ids.has(item.id) && found.set(at(datasetId, item.id), item)));
  return refs.map((r) => found.get(at(r.datasetId, r.id)));
}

export async function getItemAt(db: CuratorDB, ref: ItemRef): Promise<Item | undefined> {
  return (await getItemsAt(db, [ref]))[0];
}

/** The ids of every item of the datasets other than `datasetId` (one read through their pages). */
export async function idsOfOtherDatasets(db: CuratorDB, datasetId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  await db.itemPages.each((p) => {
    if (p.datasetId !== datasetId) for (const item of p.items) ids.add(item.id);
  });
  return ids;
}

const pageKey = (datasetId: string, page: number) => `${datasetId}\u0000${page}`;

/**
 * Change the pages of the given items with `edit`, reading each page again first; empty pages are removed. `edit`
 * returns true when the page's images changed (an item added or removed, or its image replaced): the dataset's image
 * revision is then renewed.
 */
async function editPages(db: CuratorDB, keys: [string, number][], edit: (page: ItemPage) => boolean): Promise<void> {
  const stored = await db.itemPages.bulkGet(keys);
  const put: ItemPage[] = [];
  const gone: [string, number][] = [];
  const revised = new Set<string>();
  keys.forEach(([datasetId, page], k) => {
    const p = stored[k] ?? { datasetId, page, items: [] };
    if (edit(p)) revised.add(datasetId);
    // Pages written before version 9 carry their ids (the index's source); nothing reads them now.
    delete p.ids;
    if (p.items.length) put.push(p);
    else if (stored[k]) gone.push([datasetId, page]);
  });
  await db.itemPages.bulkPut(put);
  if (gone.length) await db.itemPages.bulkDelete(gone);
  if (revised.size) await newImagesRevision(db, revised);
}

/**
 * Store items, new or changed (as Dexie's bulkPut): each goes to the page of its dataset and seq, replacing the item
 * of the same id there. Call inside a read-write transaction on itemPages when other reads must see the same state.
 */
export async function putItems(db: CuratorDB, items: Item[]): Promise<void> {
  if (!items.length) return;
  const byPage = new Map<string, { key: [string, number]; items: Item[] }>();
  for (const item of items) {
    const key: [string, number] = [item.datasetId, pageOf(item.seq)];
    const k = pageKey(...key);
    (byPage.get(k) ?? byPage.set(k, { key, items: [] }).get(k)!).items.push(item);
  }
  const groups = [...byPage.values()];
  const incoming = new Map(groups.map((g) => [pageKey(...g.key), g.items]));
  await db.transaction('rw', itemTables(db), () =>
    editPages(
      db,
      groups.map((g) => g.key),
      (page) => {
        const fresh = incoming.get(pageKey(page.datasetId, page.page))!;
        const at = new Map(page.items.map((item, i) => [item.id, i]));
        let appended = false;
        let images = false;
        for (const item of fresh) {
          const i = at.get(item.id);
          if (i !== undefined) {
            images ||= page.items[i].imageHash !== item.imageHash;
            page.items[i] = item;
          } else {
            at.set(item.id, page.items.length);
            page.items.push(item);
            appended = true;
          }
        }
        if (appended) page.items.sort((a, b) => a.seq - b.seq);
        return images || appended;
      },
    ),
  );
}

/** Pages read and written at once by changeItemsOnPages. */
const PAGES_PER_CHANGE = 10;

/**
 * Change the given items of one dataset where their seq puts them, ten pages at a time, each page read once and
 * written back (call inside a read-write transaction on itemPages): `change` returns the new item, or undefined to
 * leave it; `onPage` hears each page's changes as [before, after] (and may write, e.g. the page's log record).
 * Nothing else of the dataset is held: a bulk command over half of a million items read every page twice and held
 * them all. Returns how many refs were found.
 */
export async function changeItemsOnPages(
  db: CuratorDB,
  datasetId: string,
  refs: { ids: string[]; seqs: ArrayLike<number> },
  change: (item: Item) => Item | undefined,
  onPage: (page: number, changes: [Item, Item][]) => unknown,
): Promise<number> {
  const wanted = new Map<number, Set<string>>();
  refs.ids.forEach((id, k) => {
    const page = pageOf(refs.seqs[k]);
    (wanted.get(page) ?? wanted.set(page, new Set()).get(page)!).add(id);
  });
  const pages = [...wanted.keys()].sort((a, b) => a - b);
  let found = 0;
  for (let k = 0; k < pages.length; k += PAGES_PER_CHANGE) {
    const keys = pages.slice(k, k + PAGES_PER_CHANGE).map((page): [string, number] => [datasetId, page]);
    const stored = await db.itemPages.bulkGet(keys);
    const put: ItemPage[] = [];
    for (const p of stored) {
      if (!p) continue;
      const ids = wanted.get(p.page)!;
      const changes: [Item, Item][] = [];
      p.items = p.items.map((item) => {
        if (!ids.has(item.id)) return item;
        found++;
        const next = change(item);
        if (!next) return item;
        changes.push([item, next]);
        return next;
      });
      if (!changes.length) continue;
      delete p.ids;
      put.push(p);
      await onPage(p.page, changes);
    }
    // Written before the next pages are read: starting the next read first (the writes awaited at the end) was
    // slower, 6.2-6.4 s against 4.6 s for 150,000 items.
    if (put.length) await db.itemPages.bulkPut(put);
  }
  return found;
}

/**
 * Change one item where its ref says, its page read once and written back (call inside a read-write transaction on
 * itemPages, and on whatever else the caller writes with it): `change` returns the new item, or the same one to leave
 * it. Returns [before, after], or undefined when there is no such item. A reviewer's decision at a million items read
 * the page (1,000 items) twice, once to find the item and once to put it back.
 */
export async function changeItemAt(db: CuratorDB, ref: ItemRef, change: (item: Item) => Item): Promise<[Item, Item] | undefined> {
  if (ref.seq === undefined) {
    const item = await getItemAt(db, ref);
    if (!item) return undefined;
    const next = change(item);
    if (next !== item) await putItem(db, next);
    return [item, next];
  }
  const page = await db.itemPages.get([ref.datasetId, pageOf(ref.seq)]);
  const i = page ? page.items.findIndex((item) => item.id === ref.id) : -1;
  if (!page || i < 0) return undefined;
  const item = page.items[i];
  const next = change(item);
  if (next === item) return [item, item];
  if (next.id !== item.id || next.seq !== item.seq || next.datasetId !== item.datasetId) throw new Error(`item ${item.id}: a change cannot move an item`);
  page.items[i] = next;
  delete page.ids;
  await db.itemPages.put(page);
  if (next.imageHash !== item.imageHash) await newImagesRevision(db, [item.datasetId]);
  return [item, next];
}

export async function putItem(db: CuratorDB, item: Item): Promise<void> {
  await putItems(db, [item]);
}

/**
 * Change items of a dataset, a page per transaction (each page read again inside it, so nothing another writer stored
 * meanwhile is lost): `change` returns the new item, or undefined to leave it. Returns how many changed.
 */
export async function updateDatasetItems(db: CuratorDB, datasetId: string, change: (item: Item) => Item | undefined): Promise<number> {
  const keys = (await datasetPages(db, datasetId).primaryKeys()) as [string, number][];
  let changed = 0;
  for (const key of keys)
    await db.transaction('rw', itemTables(db), async () => {
      const page = await db.itemPages.get(key);
      if (!page) return;
      let touched = false;
      let images = false;
      page.items = page.items.map((item) => {
        const next = change(item);
        if (!next || next === item) return item;
        touched = true;
        images ||= next.imageHash !== item.imageHash;
        changed++;
        return next;
      });
      if (touched) await db.itemPages.put(page);
      if (images) await newImagesRevision(db, [datasetId]);
    });
  return changed;
}

/** Remove the dataset's items that match; returns how many. */
export async function deleteItemsWhere(db: CuratorDB, datasetId: string, match: (item: Item) => boolean): Promise<number> {
  return db.transaction('rw', itemTables(db), async () => {
    const keys: [string, number][] = [];
    await datasetPages(db, datasetId).each((p) => void (p.items.some(match) && keys.push([p.datasetId, p.page])));
    let removed = 0;
    await editPages(db, keys, (page) => {
      const before = page.items.length;
      page.items = page.items.filter((i) => !match(i));
      removed += before - page.items.length;
      return page.items.length !== before;
    });
    return removed;
  });
}

/** Remove all of a dataset's items; returns how many. */
export async function clearItems(db: CuratorDB, datasetId: string): Promise<number> {
  return db.transaction('rw', itemTables(db), async () => {
    const n = await countItems(db, datasetId);
    await datasetPages(db, datasetId).delete();
    await newImagesRevision(db, [datasetId]);
    return n;
  });
}

/** Every stored item of every dataset, page by page. */
export async function eachItem(db: CuratorDB, fn: (item: Item) => void): Promise<void> {
  await db.itemPages.each((p) => p.items.forEach(fn));
}

/** Every item of one dataset, page by page, without holding them all. */
export async function eachDatasetItem(db: CuratorDB, datasetId: string, fn: (item: Item) => void): Promise<void> {
  await datasetPages(db, datasetId).each((p) => p.items.forEach(fn));
}

import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { importFiles } from '../core/import/importer.ts';
import { memoryFile } from '../core/import/source.ts';
import { solidPng } from '../core/png.ts';
import { CuratorDB, setHistoryTab } from './db.ts';
import { deleteDataset, renameDataset } from './datasets.ts';
import {
  approveCut,
  bulkDecide,
  clearDatasetItems,
  createDataset,
  decide,
  editCaption,
  itemHistory,
  iterateItems,
  loadCut,
  loadItems,
  moveCut,
  revertItem,
  undoLast,
  updateItem,
  writeScores,
} from './repo.ts';
import { decideNegative } from './negatives.ts';
import { discardImport, importIntoDataset, interruptedImports } from './imports.ts';
import { thumbnailBlobs } from './images.ts';
import { changeItemAt, countItems, getItemAt, getItemsAt, imagesRevision, ITEMS_PER_PAGE, putItem, putItems } from './items.ts';
import { pendingPairs } from './testItems.ts';
import { withGeneratedCaption } from '../core/providers/routes.ts';
import { isDecisionChange, isHistoryBatch, type Item, itemState, type SavedChange, withDecision, withDecisionState } from '../core/model.ts';

let n = 0;
const opened: Dexie[] = [];
function freshDb() {
  const db = new CuratorDB(`test-${n++}-${Date.now()}`);
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

const red = solidPng(4, 4, [255, 0, 0]);
const blue = solidPng(4, 4, [0, 0, 255]);

async function seeded() {
  const db = freshDb();
  const ds = await createDataset(db, 'demo');
  const files = [
    memoryFile('m.jsonl', '{"file_name":"a.png","text":"red"}\n{"file_name":"b.png","text":"blue"}\n{"file_name":"gone.png","text":"x"}\n{"text":"words"}\n'),
    memoryFile('a.png', red),
    memoryFile('b.png', blue),
  ];
  const report = await importIntoDataset(db, ds.id, ['m.jsonl'], importFiles(files));
  return { db, ds, report };
}

/** A list as the cache shows it after a save: each change put on its item (a decision alone, or the whole item). */
function shownWith(list: Item[], changes: SavedChange[]): { list: Item[]; changed: number } {
  const byId = new Map(changes.map((c) => [c.id, c]));
  return {
    list: list.map((i) => {
      const c = byId.get(i.id);
      return !c ? i : isDecisionChange(c) ? withDecisionState(i, c) : c;
    }),
    changed: byId.size,
  };
}

describe('importIntoDataset', () => {
  it('stores good rows in order, keeps the report with its errors, and stores each image once across imports', async () => {
    const { db, ds, report } = await seeded();
    expect(report.counts).toEqual({ pair: 2, image: 0, text: 1 });
    expect(report.errors).toEqual([{ source: 'm.jsonl', row: 3, reason: expect.stringMatching(/not found/) }]);
    expect((await loadItems(db, ds.id)).map((i) => [i.seq, i.captions.at(-1)?.text])).toEqual([
      [0, 'red'],
      [1, 'blue'],
      [2, 'words'],
    ]);
    const again = await importIntoDataset(db, ds.id, ['c.png'], importFiles([memoryFile('c.png', red)]));
    expect(again.duplicates).toBe(1);
    expect(await db.images.count()).toBe(2);
    expect((await loadItems(db, ds.id)).at(-1)).toMatchObject({ seq: 3, kind: 'image' });
    expect(await db.imports.where('datasetId').equals(ds.id).count()).toBe(2);
  });

  it('reports an image the thumbnailer cannot decode as a row error and stores nothing for it', async () => {
    const db = freshDb();
    const ds = await createDataset(db, 'x');
    const report = await importIntoDataset(
      db,
      ds.id,
      ['m.jsonl'],
      importFiles([
        memoryFile('m.jsonl', '{"file_name":"a.png","text":"t"}\n{"file_name":"b.png","text":"u"}'),
        memoryFile('a.png', red),
        memoryFile('b.png', blue),
      ]),
      {
        // A decoder that fails on the red image only.
        thumbnailer: async (_blob, bytes) => {
          return bytes.every((x, i) => x === red[i]) && bytes.length === red.length ? { error: 'decoder failed' } : { thumb: new Blob(['thumb']) };
        },
      },
    );
    expect(report.counts.pair).toBe(1);
    expect(report.errors).toEqual([{ source: 'm.jsonl', row: 1, reason: 'image "a.png" cannot be decoded: decoder failed' }]);
    expect(await db.images.count()).toBe(1);
    expect(await db.thumbs.count()).toBe(1);
  });

  it('decodes each image once across batches: one that fails fails every row naming it, one stored already is not decoded again', async () => {
    const db = freshDb();
    const ds = await createDataset(db, 'x');
    const decoded: number[] = [];
    const thumbnailer = async (_blob: Blob, bytes: Uint8Array) => {
      decoded.push(bytes.length);
      return bytes.every((x, i) => x === red[i]) && bytes.length === red.length ? { error: 'decoder failed' } : { thumb: null };
    };
    const rowsNaming = (names: string[]) => names.map((n, i) => JSON.stringify({ file_name: n, text: `row ${i}` })).join('\n');
    const files = () => [memoryFile('m.jsonl', rowsNaming(['a.png', 'b.png', 'a.png', 'b.png', 'b.png'])), memoryFile('a.png', red), memoryFile('b.png', blue)];
    // Two rows a batch: both images are named again in later batches.
    const report = await importIntoDataset(db, ds.id, ['m.jsonl'], importFiles(files()), { thumbnailer, batchRows: 2 });
    expect(decoded).toHaveLength(2);
    expect(report.errors.map((e) => e.row)).toEqual([1, 3]);
    expect(report).toMatchObject({ counts: { pair: 3 }, duplicates: 2 });
    expect(await db.images.count()).toBe(1);
    // Another dataset naming the same images: the stored one is not decoded again, the broken one is.
    const other = await createDataset(db, 'y');
    const again = await importIntoDataset(db, other.id, ['m.jsonl'], importFiles(files()), { thumbnailer, batchRows: 2 });
    expect(decoded).toHaveLength(3);
    expect(again).toMatchObject({ counts: { pair: 3 }, duplicates: 3 });
  });

  it("stores a picked file's own Blob as the image, and an image that is its own thumbnail without a thumbnail record", async () => {
    const db = freshDb();
    const ds = await createDataset(db, 'x');
    const picked = new Blob([red as Uint8Array<ArrayBuffer>], { type: 'image/png' });
    // A source whose type is not the image's: its bytes go into a Blob of the right type.
    const mistyped = new Blob([blue as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' });
    const seen: Blob[] = [];
    await importIntoDataset(
      db,
      ds.id,
      ['m.jsonl'],
      importFiles([
        memoryFile('m.jsonl', '{"file_name":"a.png","text":"t"}\n{"file_name":"b.png","text":"u"}'),
        { ...memoryFile('a.png', red), blob: picked },
        { ...memoryFile('b.png', blue), blob: mistyped },
      ]),
      {
        thumbnailer: async (blob, bytes) => {
          seen.push(blob);
          // The bytes come with the blob (not read back from it): the red image is its own thumbnail.
          return bytes.length === red.length && bytes.every((x, i) => x === red[i]) ? { thumb: null } : { thumb: new Blob(['thumb']) };
        },
      },
    );
    expect(seen[0]).toBe(picked);
    expect(seen[1]).not.toBe(mistyped);
    expect(seen[1].type).toBe('image/png');
    expect(await db.thumbs.count()).toBe(1);
    const [a, b] = await loadItems(db, ds.id);
    const [ownThumb, thumb] = await thumbnailBlobs(db, [a.imageHash!, b.imageHash!]);
    expect(new Uint8Array(await ownThumb!.arrayBuffer())).toEqual(red);
    expect(await thumb!.text()).toBe('thumb');
  });
});

describe('reviewer commands', () => {
  it('writes decisions and edits with an audit entry, and undo walks them back in order', async () => {
    const { db, ds } = await seeded();
    const [a, b] = await loadItems(db, ds.id);
    await decide(db, a, 'accepted', 'ana');
    await editCaption(db, b, 'a blue square', 'ana');
    await decide(db, b, 'rejected', 'ana');
    let items = await loadItems(db, ds.id);
    expect(items[0]).toMatchObject({ status: 'accepted', decision: { status: 'accepted', by: 'ana' } });
    expect(items[1].captions.map((c) => [c.text, c.provenance.origin])).toEqual([
      ['blue', 'imported'],
      ['a blue square', 'edited'],
    ]);
    expect(items[1].status).toBe('rejected');

    await undoLast(db, ds.id, 'ana');
    await undoLast(db, ds.id, 'ana');
    items = await loadItems(db, ds.id);
    expect(items[1].status).toBe('pending');
    expect(items[1].decision).toBeUndefined();
    expect(items[1].captions.map((c) => c.text)).toEqual(['blue']);
    expect(items[0].status).toBe('accepted');
    const log = await db.history.where('datasetId').equals(ds.id).toArray();
    expect(log).toHaveLength(5);
    expect(log.filter((e) => e.undoOf !== undefined).map((e) => e.undoOf)).toEqual([log[2].id, log[1].id]);
  });

  it('turns a lone image into a pair when it gets a caption, and undo turns it back', async () => {
    const db = freshDb();
    const ds = await createDataset(db, 'x');
    await importIntoDataset(db, ds.id, ['a.png'], importFiles([memoryFile('a.png', red)]));
    const [item] = await loadItems(db, ds.id);
    expect((await editCaption(db, item, 'a red square', 'bo')).kind).toBe('pair');
    expect((await undoLast(db, ds.id, 'bo'))[0]).toMatchObject({ kind: 'image' });
    await expect(editCaption(db, item, '   ', 'bo')).rejects.toThrow(/cannot be empty/);
  });

  it('pages through items in order for streaming exports', async () => {
    const { db, ds } = await seeded();
    const seen = [];
    for await (const item of iterateItems(db, ds.id, (i) => i.kind === 'pair')) seen.push(item.seq);
    expect(seen).toEqual([0, 1]);
  });
});

describe('bulk decisions and the cut', () => {
  it('bulk-accepts only what no reviewer decided, and one undo walks the whole batch back', async () => {
    const { db, ds } = await seeded();
    const [a, b, c] = await loadItems(db, ds.id);
    await decide(db, b, 'rejected', 'ana');
    const { changed, skipped } = await bulkDecide(db, ds.id, [a, b, c], 'accepted', 'ana', 'accept all ≥ 0.300 (ensemble)');
    expect(changed.map((i) => i.id)).toEqual([a.id, c.id]);
    expect(skipped).toBe(1);
    let items = await loadItems(db, ds.id);
    expect(items.map((i) => i.status)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(items[0].decision).toMatchObject({ via: 'bulk', by: 'ana' });
    // A later bulk command may change what a bulk command decided, never what the reviewer decided.
    const again = await bulkDecide(db, ds.id, [a, b], 'rejected', 'ana', 'reject all < 0.500');
    expect(again.changed.map((i) => i.id)).toEqual([a.id]);
    expect((await undoLast(db, ds.id, 'ana')).map((i) => i.id)).toEqual([a.id]);
    const undone = await undoLast(db, ds.id, 'ana');
    expect(undone.map((i) => i.id).sort()).toEqual([a.id, c.id].sort());
    items = await loadItems(db, ds.id);
    expect(items.map((i) => i.status)).toEqual(['pending', 'rejected', 'pending']);
    expect(items[0].decision).toBeUndefined();
    // The log holds a record per page of items for a bulk command (here one page): each item's entry in it.
    const log = await db.history.where('datasetId').equals(ds.id).toArray();
    const undos = log.filter((e) => e.label?.startsWith('undo: accept all'));
    expect(undos).toHaveLength(1);
    expect(isHistoryBatch(undos[0]) && undos[0].entries.map((e) => [e.itemId, e.before.status, e.after.status])).toEqual([
      [a.id, 'accepted', 'pending'],
      [c.id, 'accepted', 'pending'],
    ]);
    // An item's log reads its entries out of the bulk commands' records.
    expect((await itemHistory(db, a)).map((h) => [h.label ?? h.change, h.before.status, h.after.status])).toEqual([
      ['accept all ≥ 0.300 (ensemble)', 'pending', 'accepted'],
      ['reject all < 0.500', 'accepted', 'rejected'],
      ['undo: reject all < 0.500', 'rejected', 'accepted'],
      ['undo: accept all ≥ 0.300 (ensemble)', 'accepted', 'pending'],
    ]);
    expect((await itemHistory(db, b)).map((h) => [h.change, h.after.status])).toEqual([['decision', 'rejected']]);
  });

  it('logs a bulk command over many pages as a record per page, and walks it all back in one undo', async () => {
    const db = freshDb();
    const items = pendingPairs('d', 2 * ITEMS_PER_PAGE + 10);
    await putItems(db, items);
    setHistoryTab('mine');
    await decide(db, items[5], 'rejected', 'ana');
    const before = await loadItems(db, 'd');
    const { changed, skipped } = await bulkDecide(db, 'd', items, 'accepted', 'bo', 'accept all ≥ 0.2 (m)');
    expect([changed.length, skipped]).toEqual([items.length - 1, 1]);
    expect(changed.every(isDecisionChange)).toBe(true);
    expect(shownWith(before, changed).list).toEqual(await loadItems(db, 'd'));
    const batches = (
      await db.history
        .where('batchId')
        .equals((await db.history.orderBy('id').last())!.batchId!)
        .toArray()
    ).filter(isHistoryBatch);
    expect(batches.map((b) => [b.page, b.entries.length])).toEqual([
      [0, ITEMS_PER_PAGE - 1],
      [1, ITEMS_PER_PAGE],
      [2, 10],
    ]);
    // A caption edited since (in another tab) stays: only the decisions are walked back.
    setHistoryTab('other');
    await editCaption(db, (await getItemAt(db, items[1500]))!, 'edited since', 'cy');
    setHistoryTab('mine');
    const shown = shownWith(await loadItems(db, 'd'), await undoLast(db, 'd', 'bo'));
    setHistoryTab('');
    const after = await loadItems(db, 'd');
    // What undo hands back (the decisions only), put on the items a page holds, is what a reload reads.
    expect(shown.changed).toBe(items.length - 1);
    expect(shown.list).toEqual(after);
    expect(after.filter((i) => i.status === 'pending')).toHaveLength(items.length - 1);
    expect(after[5].status).toBe('rejected');
    expect(after[1500].captions.at(-1)?.text).toBe('edited since');
    expect(after.every((i) => i.status === 'rejected' || !i.decision)).toBe(true);
  });

  it('undoes a bulk command over more pages than it reads at once, all or none', async () => {
    const db = freshDb();
    const n = 11 * ITEMS_PER_PAGE + 7;
    const items = pendingPairs('d', n);
    await putItems(db, items);
    setHistoryTab('mine');
    const { changed } = await bulkDecide(db, 'd', items, 'accepted', 'bo', 'accept all ≥ 0.2 (m)');
    expect(changed).toHaveLength(n);
    // Decided since in another tab, on the last page: the undo refuses, and the pages it had walked back before are
    // as they were.
    const last = (await getItemAt(db, items[n - 1]))!;
    setHistoryTab('other');
    await decide(db, last, 'rejected', 'cy');
    setHistoryTab('mine');
    await expect(undoLast(db, 'd', 'bo')).rejects.toThrow(/item #11007 \(“caption 11006”\) changed after “accept all ≥ 0.2 \(m\)”/);
    let stored = await loadItems(db, 'd');
    expect(stored.filter((i) => i.status === 'accepted')).toHaveLength(n - 1);
    expect((await db.history.toArray()).filter((r) => r.undone && r.undoOf === undefined && isHistoryBatch(r))).toHaveLength(0);
    // Decided back as the bulk command left it: the undo goes through all twelve records.
    await putItem(db, { ...stored[n - 1], status: 'accepted', decision: stored[0].decision });
    const back = await undoLast(db, 'd', 'bo');
    stored = await loadItems(db, 'd');
    expect(back).toHaveLength(n);
    expect(stored.every((i) => i.status === 'pending' && !i.decision)).toBe(true);
    const log = (await db.history.toArray()).filter(isHistoryBatch);
    expect(log.filter((r) => r.undoOf === undefined).map((r) => [r.page, r.undone])).toEqual(Array.from({ length: 12 }, (_, p) => [p, true]));
    expect(log.filter((r) => r.undoOf !== undefined).flatMap((r) => r.entries.map((e) => e.after.status))).toEqual(Array(n).fill('pending'));
    // Nothing left to undo of it in this tab, found without reading the command's 24 records: the newest eight are
    // read together, the first of them names the undone command, and the rest of it is passed over; then the other
    // tab's decision.
    let read = 0;
    const reading = (r: unknown) => (read++, r);
    db.history.hook('reading', reading);
    expect(await undoLast(db, 'd', 'bo')).toEqual([]);
    db.history.hook('reading').unsubscribe(reading);
    expect([read, await db.history.count()]).toEqual([9, 25]);
    setHistoryTab('');
  });

  it('finds the change to undo behind more of another tab’s changes than it reads at first', async () => {
    const db = freshDb();
    const items = pendingPairs('d', 100);
    await putItems(db, items);
    setHistoryTab('mine');
    await decide(db, items[0], 'accepted', 'ana');
    setHistoryTab('other');
    for (const i of items.slice(1)) await decide(db, i, 'rejected', 'bo');
    setHistoryTab('mine');
    expect((await undoLast(db, 'd', 'ana')).map((i) => [i.id, i.status])).toEqual([['i0', 'pending']]);
    expect(await undoLast(db, 'd', 'ana')).toEqual([]);
    setHistoryTab('');
  });

  it('finds items named without a seq through the dataset, and logs them by page the same way', async () => {
    const { db, ds } = await seeded();
    const [a, , c] = await loadItems(db, ds.id);
    const { changed, skipped } = await bulkDecide(
      db,
      ds.id,
      [
        { id: c.id, datasetId: ds.id },
        { id: a.id, datasetId: ds.id },
        { id: 'none', datasetId: ds.id },
      ],
      'rejected',
      'ana',
      'reject all < 0.1 (m)',
    );
    expect([changed.map((i) => i.id).sort(), skipped]).toEqual([[a.id, c.id].sort(), 0]);
    expect((await loadItems(db, ds.id)).map((i) => i.status)).toEqual(['rejected', 'pending', 'rejected']);
    expect((await itemHistory(db, c)).map((h) => [h.label, h.after.status])).toEqual([['reject all < 0.1 (m)', 'rejected']]);
    expect(await undoLast(db, ds.id, 'ana')).toHaveLength(2);
    expect((await loadItems(db, ds.id)).map((i) => i.status)).toEqual(['pending', 'pending', 'pending']);
  });

  it('undoes nothing of a bulk command when a reviewer has decided one of its items since', async () => {
    const { db, ds } = await seeded();
    const [a, b] = await loadItems(db, ds.id);
    setHistoryTab('mine');
    await bulkDecide(db, ds.id, [a, b], 'accepted', 'ana', 'accept all ≥ 0.1 (m)');
    // In another tab: this tab's undo still finds the bulk command as its last change.
    setHistoryTab('other');
    await decide(db, (await loadItems(db, ds.id))[1], 'rejected', 'bo');
    setHistoryTab('mine');
    await expect(undoLast(db, ds.id, 'ana')).rejects.toThrow(/nothing was undone: item #2 \(“blue”\) changed after “accept all ≥ 0.1 \(m\)”/);
    expect((await loadItems(db, ds.id)).map((i) => i.status)).toEqual(['accepted', 'rejected', 'pending']);
    setHistoryTab('');
  });

  it('still undoes a bulk command logged an entry per item (before schema version 10)', async () => {
    const { db, ds } = await seeded();
    const [a, b] = await loadItems(db, ds.id);
    const at = 't';
    const accepted = [a, b].map((i) => withDecision(i, 'accepted', 'ana', at, 'bulk'));
    await putItems(db, accepted);
    await db.history.bulkAdd(
      [a, b].map((i, k) => ({
        datasetId: ds.id,
        itemId: i.id,
        seq: i.seq,
        at,
        by: 'ana',
        change: 'decision' as const,
        before: itemState(i),
        after: itemState(accepted[k]),
        batchId: 'old-batch',
        label: 'accept all ≥ 0.1 (m)',
      })),
    );
    expect((await undoLast(db, ds.id, 'ana')).map((i) => i.id)).toEqual([a.id, b.id]);
    expect((await loadItems(db, ds.id)).map((i) => i.status)).toEqual(['pending', 'pending', 'pending']);
    expect((await itemHistory(db, a)).map((h) => h.after.status)).toEqual(['accepted', 'pending']);
  });

  it('records moves and approvals; moving an approved cut withdraws the approval', async () => {
    const { db, ds } = await seeded();
    expect(await loadCut(db, ds.id)).toBeUndefined();
    await expect(approveCut(db, ds.id, 'ana', { kept: 0, dropped: 0, decisions: 0, accepted: 0 })).rejects.toThrow(/no cut to approve/);
    await moveCut(db, ds.id, { model: 'ensemble', value: 0.3, mode: 'absolute' }, 'ana');
    const approved = await approveCut(db, ds.id, 'ana', { kept: 2, dropped: 1, decisions: 3, accepted: 2, precision: 1, recall: 1 });
    expect(approved.approval).toMatchObject({ by: 'ana', value: 0.3, model: 'ensemble', evidence: { kept: 2 } });
    const moved = await moveCut(db, ds.id, { model: 'ensemble', value: 0.35, mode: 'absolute' }, 'bo');
    expect(moved.approval).toBeUndefined();
    expect(moved.history.map((h) => [h.action, h.by, h.from, h.to, h.unapproved ?? false])).toEqual([
      ['moved', 'ana', undefined, 0.3, false],
      ['approved', 'ana', undefined, 0.3, false],
      ['moved', 'bo', 0.3, 0.35, true],
    ]);
    expect((await loadCut(db, ds.id))!.value).toBe(0.35);
  });
});

describe('reverting a generated caption', () => {
  it('goes back to the original in one recorded command, which undo walks back', async () => {
    const { db, ds } = await seeded();
    const [a] = await loadItems(db, ds.id);
    const generated = withGeneratedCaption(a, { text: 'a red square', model: 'offline/scene-reader', provider: 'offline' }, 'job-1', 't');
    await putItem(db, generated);
    const reverted = await revertItem(db, a, 'ana');
    expect(reverted.captions.map((c) => [c.text, c.provenance.origin])).toEqual([
      ['red', 'imported'],
      ['a red square', 'generated'],
      ['red', 'reverted'],
    ]);
    const [back] = await undoLast(db, ds.id, 'ana');
    expect(back).toMatchObject({ captions: generated.captions });
  });
});

describe('schema versions', () => {
  it('opens data written by schema version 1 and migrates captions into a history', async () => {
    const name = `old-${Date.now()}`;
    const old = new Dexie(name);
    old.version(1).stores({ datasets: 'id', items: 'id, datasetId, [datasetId+seq]', images: 'hash' });
    await old.table('datasets').add({ id: 'd1', name: 'legacy', createdAt: '2026-01-01T00:00:00Z' });
    await old.table('items').bulkAdd([
      { id: 'i1', datasetId: 'd1', seq: 0, kind: 'pair', caption: 'an old caption', imageHash: 'h', importedAt: '2026-01-02T00:00:00Z' },
      { id: 'i2', datasetId: 'd1', seq: 1, kind: 'image', status: 'rejected' },
    ]);
    old.close();

    const db = new CuratorDB(name);
    opened.push(db);
    const items = await loadItems(db, 'd1');
    expect(items[0]).toMatchObject({
      status: 'pending',
      captions: [{ text: 'an old caption', provenance: { origin: 'imported', at: '2026-01-02T00:00:00Z' } }],
    });
    expect(items[0]).not.toHaveProperty('caption');
    expect(items[1]).toMatchObject({ status: 'rejected', captions: [] });
    expect(db.verno).toBe(10);
    // Named without its seq (as an audit entry written before seqs were kept): found by reading the dataset through.
    await decide(db, { id: 'i1', datasetId: 'd1' }, 'accepted', 'ana');
    expect((await loadItems(db, 'd1'))[0].status).toBe('accepted');
    expect(await db.history.count()).toBe(1);
  });
});

describe('hard negative decisions', () => {
  it('are written with an audit entry and undone by the same undo as items', async () => {
    const db = new CuratorDB(`neg-${Math.random()}`, { indexedDB, IDBKeyRange });
    const neg = {
      id: 'n1',
      datasetId: 'd',
      itemId: 'i1',
      family: 'compositional' as const,
      type: 'color' as const,
      modality: 'text' as const,
      generator: 'rules',
      seed: 1,
      positiveText: 'a red cup',
      positiveImageHash: 'h',
      text: 'a blue cup',
      status: 'pending' as const,
      createdAt: 'x',
    };
    await db.negatives.put(neg);
    const accepted = await decideNegative(db, 'n1', 'accepted', 'ana');
    expect(accepted).toMatchObject({ status: 'accepted', decidedBy: 'ana' });
    expect((await db.negatives.get('n1'))!.status).toBe('accepted');
    let restored: { id: string; status: string }[] = [];
    const items = await undoLast(db, 'd', 'ana', (n) => (restored = n));
    expect(items).toEqual([]);
    expect(restored.map((n) => [n.id, n.status])).toEqual([['n1', 'pending']]);
    expect((await db.negatives.get('n1'))!.status).toBe('pending');
    await expect(decideNegative(db, 'gone', 'accepted', 'ana')).rejects.toThrow(/no longer exists/);
  });
});

describe('datasets', () => {
  it('rename, and delete with everything of theirs, freeing images no other dataset uses', async () => {
    const { db, ds } = await seeded();
    // A second dataset shares the red image.
    const other = await createDataset(db, 'other');
    await importIntoDataset(db, other.id, ['c.png'], importFiles([memoryFile('c.png', red)]));
    await db.embeddings.bulkPut([
      { model: 'm', key: `image:${(await loadItems(db, ds.id))[1].imageHash}`, vector: new Float32Array([1]) },
      { model: 'm', key: `image:${(await loadItems(db, other.id))[0].imageHash}`, vector: new Float32Array([1]) },
    ]);
    await renameDataset(db, ds.id, '  shop, June  ');
    expect((await db.datasets.get(ds.id))?.name).toBe('shop, June');
    await expect(renameDataset(db, ds.id, '   ')).rejects.toThrow(/needs a name/);

    const [a] = await loadItems(db, ds.id);
    await decide(db, a, 'accepted', 'ana');
    const summary = await deleteDataset(db, ds.id);
    expect(summary).toEqual({ items: 3, negatives: 0, images: 1 });
    expect(await db.datasets.get(ds.id)).toBeUndefined();
    expect(await db.history.where('datasetId').equals(ds.id).count()).toBe(0);
    expect(await db.imports.where('datasetId').equals(ds.id).count()).toBe(0);
    // The blue image was this dataset's alone: gone, with its thumbnail-less record and its embedding. Red stays.
    expect(await db.images.count()).toBe(1);
    expect(await db.embeddings.count()).toBe(1);
    expect((await loadItems(db, other.id))[0].imageHash).toBe((await db.images.toArray())[0].hash);
  });
});

describe('two tabs on one dataset', () => {
  afterEach(() => setHistoryTab(''));

  it('undo walks back only what this tab did, and refuses when the item changed since', async () => {
    const { db, ds } = await seeded();
    const [a, b] = (await loadItems(db, ds.id)).filter((i) => i.kind === 'pair');
    setHistoryTab('tab-A');
    await decide(db, a, 'accepted', 'ana');
    setHistoryTab('tab-B');
    await decide(db, b, 'rejected', 'ben');
    // Tab A's undo leaves tab B's decision alone.
    setHistoryTab('tab-A');
    expect((await undoLast(db, ds.id, 'ana')).map((i) => [i.id, i.status])).toEqual([[a.id, 'pending']]);
    expect((await getItemAt(db, b))!.status).toBe('rejected');
    expect(await undoLast(db, ds.id, 'ana')).toEqual([]);
    // Tab A decides again; tab B then changes the same item: A's undo is refused, and nothing changes.
    await decide(db, a, 'accepted', 'ana');
    setHistoryTab('tab-B');
    await decide(db, a, 'rejected', 'ben');
    setHistoryTab('tab-A');
    await expect(undoLast(db, ds.id, 'ana')).rejects.toThrow(/nothing was undone: item #1 \(“red”\) changed after this change/);
    expect((await getItemAt(db, a))!.status).toBe('rejected');
  });

  it('a caption edit begun from an older caption is refused, naming the newer one', async () => {
    const { db, ds } = await seeded();
    const [a] = await loadItems(db, ds.id);
    await editCaption(db, a, 'a red square', 'ana', 'red');
    await expect(editCaption(db, a, 'my own words', 'ben', 'red')).rejects.toThrow('the caption was changed elsewhere to “a red square”');
    expect((await getItemAt(db, a))!.captions.map((c) => c.text)).toEqual(['red', 'a red square']);
  });
});

describe('imports as jobs', () => {
  const rows = (n: number) => memoryFile('big.jsonl', `${Array.from({ length: n }, (_, i) => JSON.stringify({ text: `caption ${i}` })).join('\n')}\n`);
  /** The import stream, stalled for good after `n` rows: what a killed tab leaves behind. */
  async function* stallAfter(events: AsyncIterable<import('../core/import/importer.ts').ImportEvent>, n: number) {
    let k = 0;
    for await (const ev of events) {
      yield ev;
      if (ev.type === 'item' && ++k >= n) await new Promise(() => {});
    }
  }
  async function interrupted() {
    const db = freshDb();
    const ds = await createDataset(db, 'big');
    void importIntoDataset(db, ds.id, ['big.jsonl'], stallAfter(importFiles([rows(2500)]), 2100), { batchRows: 1000 });
    await expect.poll(async () => (await db.imports.toArray())[0]?.stored, { timeout: 10_000 }).toBe(2000);
    return { db, ds };
  }

  it('a batch ends at its bytes of new images as well as at its rows', async () => {
    const db = freshDb();
    const ds = await createDataset(db, 'photos');
    const pngs = Array.from({ length: 6 }, (_, i) => solidPng(4, 4, [i * 40, 0, 0]));
    const files = [
      memoryFile('c.jsonl', pngs.map((_, i) => JSON.stringify({ file_name: `${i}.png`, text: `image ${i}` })).join('\n')),
      ...pngs.map((p, i) => memoryFile(`${i}.png`, p)),
    ];
    // Two images' bytes a batch: after the fifth row, the first four rows are in two batches of their own.
    void importIntoDataset(db, ds.id, ['c.jsonl'], stallAfter(importFiles(files), 5), { batchRows: 1000, batchBytes: pngs[0].byteLength * 2 });
    await expect.poll(async () => (await db.imports.toArray())[0]?.stored, { timeout: 10_000 }).toBe(4);
  });

  it('a crash mid-import leaves a job that says so; importing the same file again adds no row twice', async () => {
    const { db, ds } = await interrupted();
    expect(await interruptedImports(db, ds.id, async () => true)).toEqual([]);
    const [job] = await interruptedImports(db, ds.id, async () => false);
    expect(job).toMatchObject({ state: 'interrupted', stored: 2000, sources: ['big.jsonl'] });
    const resumed = await importIntoDataset(db, ds.id, ['big.jsonl'], importFiles([rows(2500)]));
    expect(resumed).toMatchObject({ state: 'done', stored: 500, alreadyStored: 2000, counts: { text: 500 } });
    expect(await countItems(db, ds.id)).toBe(2500);
    expect((await db.imports.get(job.id!))!.state).toBe('resumed');
    expect(await interruptedImports(db, ds.id, async () => false)).toEqual([]);
  });

  it('discarding an interrupted import removes its rows and nothing else', async () => {
    const { db, ds } = await interrupted();
    const [job] = await interruptedImports(db, ds.id, async () => false);
    expect(await discardImport(db, job.id!)).toBe(2000);
    expect(await countItems(db, ds.id)).toBe(0);
    expect((await db.imports.get(job.id!))!.state).toBe('discarded');
  });

  it('a full disk stops the import with the sizes and what was stored; the retry is safe', async () => {
    const db = freshDb();
    const ds = await createDataset(db, 'full');
    const put = db.itemPages.bulkPut.bind(db.itemPages);
    let calls = 0;
    db.itemPages.bulkPut = ((...args: Parameters<typeof put>) => {
      if (++calls === 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put(...args);
    }) as typeof put;
    const report = await importIntoDataset(db, ds.id, ['big.jsonl'], importFiles([rows(3000)]), {
      estimate: async () => ({ usage: 1_990_000_000, quota: 2_000_000_000 }),
      batchRows: 1000,
    });
    expect(report.stored).toBe(1000);
    expect(report.errors.at(-1)!.reason).toBe(
      "the browser's storage for this site is full (1,990 MB used of 2,000 MB allowed): 1,000 rows were stored before it filled, and they are kept — free space (delete a dataset you no longer need), then import the same files again: rows already stored are skipped",
    );
    db.itemPages.bulkPut = put;
    const retry = await importIntoDataset(db, ds.id, ['big.jsonl'], importFiles([rows(3000)]), { batchRows: 1000 });
    expect(retry).toMatchObject({ stored: 2000, alreadyStored: 1000 });
    expect(await countItems(db, ds.id)).toBe(3000);
  });

  it('an export imported into two datasets keeps both: a carried id another dataset uses is not taken from it', async () => {
    const db = freshDb();
    const a = await createDataset(db, 'a');
    const b = await createDataset(db, 'b');
    const files = () => [memoryFile('m.jsonl', '{"file_name":"a.png","text":"red","id":"exported-1","status":"accepted"}\n'), memoryFile('a.png', red)];
    await importIntoDataset(db, a.id, ['m.jsonl'], importFiles(files()));
    await importIntoDataset(db, b.id, ['m.jsonl'], importFiles(files()));
    expect((await loadItems(db, a.id)).map((i) => i.id)).toEqual(['exported-1']);
    expect(await loadItems(db, b.id)).toHaveLength(1);
    // The same export into the same dataset again adds nothing.
    expect(await importIntoDataset(db, a.id, ['m.jsonl'], importFiles(files()))).toMatchObject({ stored: 0, alreadyStored: 1 });
  });
});

/** A database as versions 5 and 6 declared it (one record per item; 6 only added an upgrade). */
function olderSchema(name: string, version: 5 | 6): Dexie {
  const old = new Dexie(name);
  old.version(version).stores({
    datasets: 'id, createdAt',
    items: 'id, [datasetId+seq]',
    images: 'hash',
    thumbs: 'hash',
    history: '++id, datasetId, itemId, batchId',
    imports: '++id, datasetId',
    embeddings: '[model+key]',
    negatives: 'id, datasetId, itemId',
    jobs: 'id, datasetId, status',
    cuts: 'datasetId',
    kv: 'key',
  });
  return old;
}

describe('schema version 6', () => {
  it('gives items stored before it their image size, from the image records', async () => {
    const name = `test-v5-${Date.now()}`;
    const old = olderSchema(name, 5);
    await old.table('images').put({ hash: 'h1', blob: new Blob([red as Uint8Array<ArrayBuffer>]), mime: 'image/png', width: 640, height: 480 });
    await old.table('items').bulkPut([
      { id: 'a', datasetId: 'd', seq: 0, kind: 'pair', imageHash: 'h1', captions: [], status: 'pending', source: { file: 'm.jsonl' } },
      { id: 'b', datasetId: 'd', seq: 1, kind: 'text', captions: [], status: 'pending', source: { file: 'm.jsonl' } },
    ]);
    old.close();
    const db = new CuratorDB(name);
    opened.push(db);
    expect((await getItemAt(db, { id: 'a', datasetId: 'd', seq: 0 }))?.imageSize).toEqual([640, 480]);
    expect((await getItemAt(db, { id: 'b', datasetId: 'd' }))?.imageSize).toBeUndefined();
  });
});

describe('items in pages (schema version 7)', () => {
  const item = (datasetId: string, seq: number, id = `${datasetId}-${seq}`) =>
    ({
      id,
      datasetId,
      seq,
      kind: 'text',
      captions: [{ text: `caption ${seq}`, provenance: { origin: 'imported', at: 't' } }],
      status: 'pending',
      source: { file: 'm.jsonl', row: seq },
    }) as Item;

  it('moves the items of a version 6 database into pages, in order, found by id', async () => {
    const name = `test-v6-${Date.now()}`;
    const old = olderSchema(name, 6);
    const rows = [...Array.from({ length: 2500 }, (_, i) => item('d', 2499 - i)), item('e', 0), item('e', 7)];
    await old.table('items').bulkPut(rows);
    old.close();
    const db = new CuratorDB(name);
    opened.push(db);
    expect((await loadItems(db, 'd')).map((i) => i.seq)).toEqual(Array.from({ length: 2500 }, (_, i) => i));
    expect((await loadItems(db, 'e')).map((i) => i.id)).toEqual(['e-0', 'e-7']);
    expect(await db.itemPages.count()).toBe(4);
    expect((await getItemAt(db, { id: 'd-1234', datasetId: 'd', seq: 1234 }))?.captions[0].text).toBe('caption 1234');
    expect(db.tables.map((t) => t.name)).not.toContain('items');
  });

  it('puts items on the page of their seq, replaces by id, and keeps concurrent writers from overwriting each other', async () => {
    const db = freshDb();
    await putItems(
      db,
      Array.from({ length: 2 * ITEMS_PER_PAGE + 5 }, (_, i) => item('d', i)),
    );
    expect(await db.itemPages.count()).toBe(3);
    expect(await countItems(db, 'd')).toBe(2 * ITEMS_PER_PAGE + 5);
    // Two writers on the same page at once: each reads the page again inside its own transaction.
    const at = (seq: number, id = `d-${seq}`) => ({ id, datasetId: 'd', seq });
    const [a, b] = await getItemsAt(db, [at(3), at(4)]);
    await Promise.all([putItem(db, { ...a!, status: 'accepted' }), putItem(db, { ...b!, status: 'rejected' })]);
    expect((await getItemsAt(db, [at(3), { id: 'd-4', datasetId: 'd' }, at(5, 'nope')])).map((i) => i?.status)).toEqual(['accepted', 'rejected', undefined]);
    // An item is only on the page its seq names.
    expect(await getItemAt(db, at(ITEMS_PER_PAGE + 3, 'd-4'))).toBeUndefined();
    // An item whose seq lands in the middle of a page is kept in order.
    await putItems(
      db,
      [item('d', 2 * ITEMS_PER_PAGE + 2, 'late')].map((x) => ({ ...x, seq: 2 * ITEMS_PER_PAGE + 2.5 })),
    );
    expect((await loadItems(db, 'd')).slice(-4).map((i) => i.id)).toEqual(['d-2002', 'late', 'd-2003', 'd-2004']);
  });

  it('changes one item on its page, read once and written back; concurrent changes to one page both stay', async () => {
    const db = freshDb();
    await putItems(db, [...Array.from({ length: ITEMS_PER_PAGE + 3 }, (_, i) => item('d', i)), item('e', 0)]);
    const at = (seq: number, id = `d-${seq}`) => ({ id, datasetId: 'd', seq });
    const reads: unknown[] = [];
    db.itemPages.hook('reading', (page) => (reads.push(page), page));
    const accept = (i: Item): Item => ({ ...i, status: 'accepted' });
    const [before, after] = (await db.transaction('rw', db.itemPages, db.kv, () => changeItemAt(db, at(ITEMS_PER_PAGE + 1), accept)))!;
    expect([before.status, after.status]).toEqual(['pending', 'accepted']);
    expect(reads).toHaveLength(1);
    // Two at once on the same page, each in its own transaction: neither loses the other's.
    await Promise.all([3, 4].map((seq) => db.transaction('rw', db.itemPages, db.kv, () => changeItemAt(db, at(seq), accept))));
    expect((await getItemsAt(db, [at(3), at(4), at(5)])).map((i) => i?.status)).toEqual(['accepted', 'accepted', 'pending']);
    // The same item back: nothing written. No such item: undefined. Without a seq: found through the dataset.
    const same = await changeItemAt(db, at(5), (i) => i);
    expect(same?.[0]).toBe(same?.[1]);
    expect(await changeItemAt(db, at(6, 'nope'), accept)).toBeUndefined();
    expect((await changeItemAt(db, { id: 'd-7', datasetId: 'd' }, accept))?.[1].status).toBe('accepted');
    expect((await getItemAt(db, at(7)))?.status).toBe('accepted');
    // A change that would move an item elsewhere is refused; the page stays as it was.
    await expect(changeItemAt(db, at(8), (i) => ({ ...i, seq: 9 }))).rejects.toThrow(/cannot move/);
    expect((await loadItems(db, 'd')).map((i) => i.seq)).toEqual(Array.from({ length: ITEMS_PER_PAGE + 3 }, (_, i) => i));
  });

  it('reads a dataset of many pages whole and in order, a few pages per request', async () => {
    const db = freshDb();
    // One item on each of 25 pages (more than one request's worth), written out of order, beside another dataset.
    const seqs = Array.from({ length: 25 }, (_, k) => ((k * 7) % 25) * ITEMS_PER_PAGE + k);
    const sized = seqs.map((seq): Item => ({ ...item('d', seq), imageSize: [640, 480] }));
    await putItems(db, [...sized, item('c', 0), item('e', 0)]);
    const progress: number[] = [];
    const read = await loadItems(db, 'd', (n) => progress.push(n));
    expect(read).toEqual([...sized].sort((a, b) => a.seq - b.seq));
    // Told after each full request of ten pages (one item each here), not after the last.
    expect(progress).toEqual([10, 20]);
    // Equal image sizes read back as one array (repeated strings likewise, which a test cannot tell apart).
    expect(new Set(read.map((i) => i.imageSize)).size).toBe(1);
    expect((await loadItems(db, 'e')).map((i) => i.id)).toEqual(['e-0']);
  });

  it("changes a dataset's image revision when its images change, and not on a decision", async () => {
    const { db, ds } = await seeded();
    const revisions = [await imagesRevision(db, ds.id)];
    const changed = async () => {
      revisions.push(await imagesRevision(db, ds.id));
      return revisions.at(-1) !== revisions.at(-2);
    };
    const [a, , text] = await loadItems(db, ds.id);
    await decide(db, a, 'accepted', 'ana');
    await editCaption(db, a, 'a red square', 'ana');
    expect(await changed()).toBe(false);
    // A lone text gets a generated image: the set of the dataset's images is not what it was.
    await putItem(db, { ...text, kind: 'pair', imageHash: a.imageHash });
    expect(await changed()).toBe(true);
    await writeScores(db, ds.id, new Map([[a.id, { vit: 0.3 }]]));
    expect(await changed()).toBe(false);
    await updateItem(db, text, (i) => ({ ...i, imageHash: undefined, kind: 'text' }));
    expect(await changed()).toBe(true);
    await importIntoDataset(db, ds.id, ['c.png'], importFiles([memoryFile('c.png', solidPng(4, 4, [0, 255, 0]))]));
    expect(await changed()).toBe(true);
    // Another dataset's writes leave this one's revision alone.
    const other = await createDataset(db, 'other');
    await importIntoDataset(db, other.id, ['d.png'], importFiles([memoryFile('d.png', red)]));
    expect(await changed()).toBe(false);
    await clearDatasetItems(db, ds.id);
    expect(await changed()).toBe(true);
  });
});

// Datasets, items, reviewer decisions with their audit log and undo, and the threshold cut. Every reviewer command is
// one transaction: the item and its audit entry together.

import {
  currentCaption,
  itemState,
  withDecision,
  withEditedCaption,
  type Approval,
  type Cut,
  type CutEvent,
  type CutEvidence,
  type Dataset,
  type Decision,
  type DecisionChange,
  decisionState,
  type DecisionState,
  type HistoryBatch,
  type HistoryEvent,
  type HistoryRecord,
  isHistoryBatch,
  type Item,
  type ItemChange,
  type ReviewStatus,
  type SavedChange,
  withDecisionState,
} from '../core/model.ts';
import type { Negative } from '../core/negatives/types.ts';
import { DecisionPacker, type PackedDecisions, type PackedRefs, packRefs, unpackDecisions, unpackRefs } from '../core/packed.ts';
import { currentHistoryTab, type CuratorDB } from './db.ts';
import {
  changeItemAt,
  changeItemsOnPages,
  clearItems,
  getItemAt,
  pageOf,
  getItemsAt,
  type ItemRef,
  itemTables,
  refNamed,
  refOf,
  putItems,
  readFirstItems,
  readItems,
  readPages,
  updateDatasetItems,
} from './items.ts';
import { revertToOriginal } from '../core/providers/routes.ts';

export { type ItemRef, refNamed, refOf };

export async function createDataset(db: CuratorDB, name: string, extra: Pick<Dataset, 'demo'> = {}): Promise<Dataset> {
  const dataset: Dataset = { id: globalThis.crypto.randomUUID(), name, createdAt: new Date().toISOString(), ...extra };
  await db.datasets.add(dataset);
  return dataset;
}

export async function updateDataset(db: CuratorDB, id: string, change: Partial<Omit<Dataset, 'id'>>): Promise<void> {
  await db.datasets.update(id, change);
}

/** Remove a dataset's items, their audit log and import reports (images stay: they are shared by content hash); returns how many items. */
export async function clearDatasetItems(db: CuratorDB, datasetId: string): Promise<number> {
  return db.transaction('rw', [...itemTables(db), db.history, db.imports], async () => {
    const items = await clearItems(db, datasetId);
    await db.history.where('datasetId').equals(datasetId).delete();
    await db.imports.where('datasetId').equals(datasetId).delete();
    return items;
  });
}

/** All items of a dataset in import order (`onRead`: how many are read so far, as they arrive). */
export function loadItems(db: CuratorDB, datasetId: string, onRead?: (items: number) => void): Promise<Item[]> {
  return readItems(db, datasetId, onRead);
}

/** The first items of a dataset, for a fast first paint while the whole list loads. */
export function loadFirstItems(db: CuratorDB, datasetId: string, count: number): Promise<Item[]> {
  return readFirstItems(db, datasetId, count);
}

/** Items in import order, a page at a time, so that exports never hold the whole dataset. */
export async function* iterateItems(db: CuratorDB, datasetId: string, filter: (item: Item) => boolean = () => true): AsyncGenerator<Item> {
  for await (const page of readPages(db, datasetId)) for (const item of page) if (filter(item)) yield item;
}

async function changeItem(db: CuratorDB, ref: ItemRef, by: string, change: HistoryEvent['change'], apply: (item: Item, at: string) => Item): Promise<Item> {
  return db.transaction('rw', [...itemTables(db), db.history], async () => {
    const at = new Date().toISOString();
    const changed = await changeItemAt(db, ref, (item) => apply(item, at));
    if (!changed) throw new Error(`item ${ref.id} no longer exists — reload the dataset`);
    const [item, next] = changed;
    if (next === item) return item;
    await db.history.add({ datasetId: item.datasetId, itemId: item.id, seq: item.seq, at, by, change, before: itemState(item), after: itemState(next) });
    return next;
  });
}

export function decide(db: CuratorDB, ref: ItemRef, status: ReviewStatus, by: string): Promise<Item> {
  return changeItem(db, ref, by, 'decision', (item, at) => (item.status === status ? item : withDecision(item, status, by, at)));
}

/** Back to the item's original caption (and no generated image): one command, recorded, undoable. */
export function revertItem(db: CuratorDB, ref: ItemRef, by: string): Promise<Item> {
  return changeItem(db, ref, by, 'caption', (item, at) => {
    const next = revertToOriginal(item, by, at);
    return next.captions.length === item.captions.length && next.kind === item.kind ? item : next;
  });
}

/**
 * A new caption version. `expected`: the caption the editor began from; when the stored one differs (another tab
 * saved first), nothing is written and the error names the newer caption.
 */
export function editCaption(db: CuratorDB, ref: ItemRef, text: string, by: string, expected?: string): Promise<Item> {
  return changeItem(db, ref, by, 'caption', (item, at) => {
    const stored = currentCaption(item) ?? '';
    if (expected !== undefined && stored !== expected)
      throw new Error(`the caption was changed elsewhere to “${stored}” while you edited — the newer caption is shown; edit it again`);
    return withEditedCaption(item, text, by, at);
  });
}

/** What a reviewer changes on an item: an undo walks back only if this is as the change left it. */
const reviewed = (s: Pick<Item, 'status' | 'decision' | 'captions' | 'kind'>) => JSON.stringify([s.status, s.decision ?? null, s.captions, s.kind]);

/**
 * Decide many items at once (accept all above the cut, reject all below). Items a reviewer decided are left alone;
 * the changes share one batch id in the audit log, so one undo walks them all back. Hands back the decisions only
 * (the cache puts them on its items), and writes each page's log record as it goes: nothing of the dataset is held.
 */
export async function bulkDecide(
  db: CuratorDB,
  datasetId: string,
  refs: ItemRef[],
  status: Exclude<ReviewStatus, 'pending'>,
  by: string,
  label: string,
  tab = currentHistoryTab(),
): Promise<{ changed: DecisionChange[]; skipped: number }> {
  const { changed, skipped } = await bulkDecidePacked(db, datasetId, packRefs(datasetId, refs), status, by, label, tab);
  return { changed: unpackDecisions(changed), skipped };
}

/** The same, with the refs and the decisions packed (the decisions worker's: see core/packed.ts). */
export async function bulkDecidePacked(
  db: CuratorDB,
  datasetId: string,
  refs: PackedRefs,
  status: Exclude<ReviewStatus, 'pending'>,
  by: string,
  label: string,
  tab = currentHistoryTab(),
): Promise<{ changed: PackedDecisions; skipped: number }> {
  return db.transaction('rw', [...itemTables(db), db.history], async () => {
    const batchId = globalThis.crypto.randomUUID();
    const at = new Date().toISOString();
    // One decision for all: the items, their log entries and what the cache gets share it.
    const decision: Decision = { status, by, at, via: 'bulk' };
    const after: DecisionState = { status, decision };
    const decides = (i: Item) => (!i.decision || i.decision.via === 'bulk') && i.status !== status;
    const decided = (i: Item): Item => ({ ...i, status, decision });
    const changed = new DecisionPacker(datasetId);
    // The log: one record per page of items, each holding the decisions before and after.
    const logPage = (page: number, changes: [Item, Item][]) => {
      for (const [was] of changes) changed.add(was.id, was.seq, after);
      return db.history.add({
        datasetId,
        page,
        at,
        by,
        change: 'decision',
        batchId,
        label,
        ...(tab ? { tab } : {}),
        entries: changes.map(([was]) => ({ itemId: was.id, seq: was.seq, before: decisionState(was), after })),
      } satisfies HistoryBatch);
    };
    let found: number;
    if (!refs.seqs.some(Number.isNaN)) {
      // Page by page: each read once, decided in place and written back.
      found = await changeItemsOnPages(db, datasetId, refs, (i) => (decides(i) ? decided(i) : undefined), logPage);
    } else {
      // Refs without a seq (entries logged before it was kept) are looked for through the dataset.
      const items = (await getItemsAt(db, unpackRefs(datasetId, refs))).filter((i): i is Item => !!i);
      found = items.length;
      const byPage = new Map<number, [Item, Item][]>();
      for (const i of items.filter(decides)) {
        const page = pageOf(i.seq);
        (byPage.get(page) ?? byPage.set(page, []).get(page)!).push([i, decided(i)]);
      }
      for (const [page, changes] of byPage) await logPage(page, changes);
      await putItems(
        db,
        [...byPage.values()].flatMap((changes) => changes.map(([, is]) => is)),
      );
    }
    return { changed: changed.done(), skipped: found - changed.size };
  });
}

/** A bulk command's log records read and undone at once. */
const RECORDS_PER_UNDO = 10;

/**
 * Walk back the dataset's most recent change that is not undone yet (all of it, for a bulk command).
 * The audit entries stay, marked undone, and each undo is itself recorded. Hands back the restored items, and for a
 * bulk command's pages of entries the restored decisions only.
 */
export async function undoLast(
  db: CuratorDB,
  datasetId: string,
  by: string,
  onNegatives?: (restored: Negative[]) => void,
  tab = currentHistoryTab(),
): Promise<SavedChange[]> {
  const { items, decisions } = await undoLastPacked(db, datasetId, by, onNegatives, tab);
  return [...items, ...unpackDecisions(decisions)];
}

/** The same, handing back the restored items whole and a bulk command's restored decisions packed (core/packed.ts). */
export async function undoLastPacked(
  db: CuratorDB,
  datasetId: string,
  by: string,
  onNegatives?: (restored: Negative[]) => void,
  tab = currentHistoryTab(),
): Promise<{ items: Item[]; decisions: PackedDecisions }> {
  return db.transaction('rw', [...itemTables(db), db.history, db.negatives], async () => {
    const decisions = new DecisionPacker(datasetId);
    const last = await lastUndoable(db, datasetId, tab);
    if (!last) return { items: [], decisions: decisions.done() };
    const at = new Date().toISOString();
    // A bulk command logged a page of entries per record (HistoryBatch): undone a few records at a time.
    if (isHistoryBatch(last)) {
      await undoBatch(db, datasetId, last.batchId, by, at, decisions);
      return { items: [], decisions: decisions.done() };
    }
    // Entries one per change: every other change, and bulk commands logged before version 10.
    const events = (
      last.batchId
        ? await db.history
            .where('batchId')
            .equals(last.batchId)
            .filter((e) => !e.undone)
            .toArray()
        : [last]
    ).filter((r): r is HistoryEvent => !isHistoryBatch(r));
    const restored: Item[] = [];
    const negatives: Negative[] = [];
    const itemEvents = events.filter((e) => e.change !== 'negative');
    const stored = await getItemsAt(db, itemEvents.map(refNamed));
    let k = 0;
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
      const item = stored[k++];
      if (!item) continue;
      if (reviewed(item) !== reviewed(event.after)) throw changedAfter(item, event.label);
      // A decision's undo touches only the decision: scores computed since then stay.
      const back: Item = withDecisionState(event.change === 'decision' ? item : { ...item, ...event.before }, event.before);
      restored.push(back);
    }
    await putItems(db, restored);
    if (negatives.length) onNegatives?.(negatives);
    await db.history.bulkUpdate(events.map((e) => ({ key: e.id!, changes: { undone: true } })));
    await db.history.bulkAdd(
      events.map((e) => ({
        datasetId,
        itemId: e.itemId,
        ...(e.seq !== undefined ? { seq: e.seq } : {}),
        at,
        by,
        change: e.change,
        before: e.after,
        after: e.before,
        undone: true,
        undoOf: e.id,
        ...(e.batchId ? { label: `undo: ${e.label}` } : {}),
      })),
    );
    return { items: restored, decisions: decisions.done() };
  });
}

/** Log records read at once while looking for the change to undo. */
const RECORDS_LOOKED_AT = 8;

/**
 * The dataset's most recent change that is not undone and is this tab's (or no tab's: another tab's decision is not
 * this tab's to undo). Newest first, a few records at a time; a bulk command found undone (or another tab's) has all
 * its records passed over unread. Going through every record read each of an undone bulk command's 1,000 pages of
 * entries: at a million items, 2.8 s to find there was nothing left to undo. The log's keys are read newest first,
 * 64 at first and sixteen times more each time round, not all of them: the change to undo is nearly always among the
 * first few, and a dataset's log grows with every decision.
 */
async function lastUndoable(db: CuratorDB, datasetId: string, tab: string | undefined): Promise<HistoryRecord | undefined> {
  const passed = new Set<number>();
  let k = 0;
  for (let limit = 64; ; limit *= 16) {
    const keys = (await db.history.where('datasetId').equals(datasetId).reverse().limit(limit).primaryKeys()) as number[];
    while (k < keys.length) {
      const next: number[] = [];
      for (; k < keys.length && next.length < RECORDS_LOOKED_AT; k++) if (!passed.has(keys[k])) next.push(keys[k]);
      for (const e of await db.history.bulkGet(next)) {
        if (!e || passed.has(e.id!)) continue;
        if (!e.undone && e.undoOf === undefined && (!tab || !e.tab || e.tab === tab)) return e;
        // A bulk command is undone (or is another tab's) as a whole.
        if (e.batchId) for (const key of await db.history.where('batchId').equals(e.batchId).primaryKeys()) passed.add(key as number);
      }
    }
    if (keys.length < limit) return undefined;
  }
}

/**
 * Undo a bulk command logged a page of entries per record, ten records at a time (call inside undoLast's
 * transaction): each record's items decided back page by page, the record marked undone and its undo recorded. Only
 * the decision is walked back (a caption edited since stays); an item decided since refuses the whole undo (the
 * transaction's end makes it all or none). At a million items, reading all 500 records first and handing back whole
 * items held 4.3 GB.
 */
async function undoBatch(db: CuratorDB, datasetId: string, batchId: string, by: string, at: string, restored: DecisionPacker): Promise<void> {
  const keys = (await db.history.where('batchId').equals(batchId).primaryKeys()) as number[];
  for (let k = 0; k < keys.length; k += RECORDS_PER_UNDO) {
    const records = (await db.history.bulkGet(keys.slice(k, k + RECORDS_PER_UNDO))).filter(
      (r): r is HistoryBatch => !!r && isHistoryBatch(r) && !r.undone && r.undoOf === undefined,
    );
    if (!records.length) continue;
    const entryOf = new Map(records.flatMap((b) => b.entries.map((e) => [e.itemId, e] as const)));
    await changeItemsOnPages(
      db,
      datasetId,
      { ids: [...entryOf.keys()], seqs: Float64Array.from(entryOf.values(), (e) => e.seq) },
      (item) => {
        const entry = entryOf.get(item.id)!;
        if (decided(item) !== decided(entry.after)) throw changedAfter(item, records[0].label);
        return withDecisionState(item, entry.before);
      },
      (_, changes) => {
        for (const [item] of changes) restored.add(item.id, item.seq, entryOf.get(item.id)!.before);
      },
    );
    await db.history.bulkPut(records.map((r) => ({ ...r, undone: true })));
    await db.history.bulkAdd(
      records.map(
        (b): HistoryBatch => ({
          datasetId,
          page: b.page,
          at,
          by,
          change: 'decision',
          batchId: b.batchId,
          label: `undo: ${b.label}`,
          undone: true,
          undoOf: b.id,
          entries: b.entries.map((e) => ({ itemId: e.itemId, seq: e.seq, before: e.after, after: e.before })),
        }),
      ),
    );
  }
}

const changedAfter = (item: Item, label?: string) =>
  new Error(
    `nothing was undone: item #${item.seq + 1} (“${currentCaption(item) ?? ''}”) changed after ${label ? `“${label}”` : 'this change'} (in another tab?) — decide it again instead`,
  );

const decided = (s: DecisionState) => JSON.stringify([s.status, s.decision ?? null]);

/** The dataset's cut, if one was ever set. */
export function loadCut(db: CuratorDB, datasetId: string): Promise<Cut | undefined> {
  return db.cuts.get(datasetId);
}

/** Move the cut. Moving an approved cut withdraws the approval; both are recorded in the cut's history. */
export async function moveCut(
  db: CuratorDB,
  datasetId: string,
  change: { model: string; value: number; mode: Cut['mode']; topFraction?: number },
  by: string,
): Promise<Cut> {
  return db.transaction('rw', db.cuts, async () => {
    const cut = (await db.cuts.get(datasetId)) ?? { datasetId, model: change.model, mode: change.mode, value: change.value, history: [] };
    const same = cut.history.length > 0 && cut.model === change.model && cut.value === change.value && cut.mode === change.mode;
    if (same) return cut;
    const event: CutEvent = {
      at: new Date().toISOString(),
      by,
      action: 'moved',
      model: change.model,
      from: cut.history.length ? cut.value : undefined,
      to: change.value,
      ...(cut.approval ? { unapproved: true } : {}),
    };
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

/** Write scores back, a page of items per transaction; each item is read again inside it, so no decision is overwritten. */
export async function writeScores(db: CuratorDB, datasetId: string, scores: Map<string, Record<string, number>>): Promise<void> {
  await updateDatasetItems(db, datasetId, (item) => {
    const mine = scores.get(item.id);
    return mine ? { ...item, scores: { ...item.scores, ...mine } } : undefined;
  });
}

/** Change one item by a function of its current version, in a transaction; nothing is written when it returns the same item. */
export async function updateItem(db: CuratorDB, ref: ItemRef, change: (item: Item) => Item): Promise<void> {
  await db.transaction('rw', itemTables(db), () => changeItemAt(db, ref, change));
}

export async function getItems(db: CuratorDB, refs: ItemRef[]): Promise<Item[]> {
  return (await getItemsAt(db, refs)).filter((i): i is Item => !!i);
}

export function getItem(db: CuratorDB, ref: ItemRef): Promise<Item | undefined> {
  return getItemAt(db, ref);
}

export function listDatasets(db: CuratorDB): Promise<Dataset[]> {
  return db.datasets.orderBy('createdAt').toArray();
}

/** An item's log, oldest first: its own entries, and its entries in the bulk commands' records of its page. */
export async function itemHistory(db: CuratorDB, ref: Pick<Item, 'id' | 'datasetId' | 'seq'>): Promise<ItemChange[]> {
  const [own, pages] = await Promise.all([
    db.history.where('itemId').equals(ref.id).toArray(),
    db.history
      .where('[datasetId+page]')
      .equals([ref.datasetId, pageOf(ref.seq)])
      .toArray(),
  ]);
  const out: ItemChange[] = own.filter((r): r is HistoryEvent => !isHistoryBatch(r));
  for (const b of pages.filter(isHistoryBatch)) {
    const { entries, page: _, ...rest } = b;
    for (const e of entries) if (e.itemId === ref.id) out.push({ ...rest, itemId: e.itemId, seq: e.seq, before: e.before, after: e.after });
  }
  return out.sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
}

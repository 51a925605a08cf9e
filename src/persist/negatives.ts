// Hard negatives in IndexedDB: read, decided (with an audit entry, so undo walks it back), written by generation and
// by scoring.

import type { ItemState } from '../core/model.ts';
import type { Negative } from '../core/negatives/types.ts';
import type { CuratorDB } from './db.ts';

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
    const next: Negative =
      status === 'pending' ? { ...neg, status, decidedBy: undefined, decidedAt: undefined } : { ...neg, status, decidedBy: by, decidedAt: at };
    await db.negatives.put(next);
    const state = (n: Negative) => ({ status: n.status, decidedBy: n.decidedBy, decidedAt: n.decidedAt }) as unknown as ItemState;
    await db.history.add({ datasetId: neg.datasetId, itemId: neg.id, at, by, change: 'negative', before: state(neg), after: state(next) });
    return next;
  });
}

/** The ids of a dataset's negatives: generation skips them, so their decisions stay. */
export async function negativeIds(db: CuratorDB, datasetId: string): Promise<Set<string>> {
  return new Set((await db.negatives.where('datasetId').equals(datasetId).primaryKeys()) as string[]);
}

export async function putNegatives(db: CuratorDB, negatives: Negative[]): Promise<void> {
  await db.negatives.bulkPut(negatives);
}

/** Kept negatives (not set aside by a filter, not rejected) grouped by their positive item, each list by id. */
export async function keptNegativesByItem(db: CuratorDB, datasetId: string): Promise<Map<string, Negative[]>> {
  const byItem = new Map<string, Negative[]>();
  await db.negatives
    .where('datasetId')
    .equals(datasetId)
    .each((n) => {
      if (n.filtered || n.status === 'rejected') return;
      const list = byItem.get(n.itemId);
      if (list) list.push(n);
      else byItem.set(n.itemId, [n]);
    });
  for (const list of byItem.values()) list.sort((a, b) => (a.id < b.id ? -1 : 1));
  return byItem;
}

/** Write scored and filtered negatives back with the decisions as they are now: a reviewer may have decided meanwhile. */
export async function writeNegativeScores(db: CuratorDB, scored: Negative[]): Promise<void> {
  await db.transaction('rw', db.negatives, async () => {
    const fresh = new Map((await db.negatives.bulkGet(scored.map((n) => n.id))).filter((n) => !!n).map((n) => [n!.id, n!]));
    await db.negatives.bulkPut(
      scored
        .filter((n) => fresh.has(n.id))
        .map((n) => ({ ...n, status: fresh.get(n.id)!.status, decidedBy: fresh.get(n.id)!.decidedBy, decidedAt: fresh.get(n.id)!.decidedAt })),
    );
  });
}

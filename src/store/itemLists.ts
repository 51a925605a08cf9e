// Cached item lists with some items replaced by their saved versions (a decision, an edit, another tab's change).

import { recordChange } from '../core/listChange.ts';
import { isDecisionChange, type Item, type SavedChange, withDecisionState } from '../core/model.ts';

/** At most this many changed items are placed by binary search; more (a bulk decision) in one pass (see withReplaced). */
const PLACED_ONE_BY_ONE = 64;

/**
 * The list with each changed item in place of its old version (or, for a saved decision, the old version with that
 * decision); the others are the same objects. Lists are in import order (seq), so a few changed items are found by
 * binary search in a copy of the list: one pass over the list with a map of the changed ids took 300 ms of a decision
 * at a million items. Many changes in import order too (a bulk command's) are put in by one walk along both; a map of
 * 500,000 ids took 1.7 s for the million-item list and 0.45 s for the 200 first items. Anything else (a list or
 * changes in another order) takes the pass with a map.
 */
export function withReplaced(items: Item[] | undefined, changed: SavedChange[]): Item[] | undefined {
  if (!items || !changed.length) return items;
  const put = (was: Item, c: SavedChange) => (isDecisionChange(c) ? withDecisionState(was, c) : c);
  if (changed.length <= PLACED_ONE_BY_ONE) {
    const out = items.slice();
    const placed: number[] = [];
    for (const c of changed) {
      const at = indexOfItem(items, c);
      if (at >= 0) (out[at] = put(items[at], c)), placed.push(at);
    }
    // The positions go with the list: what is derived from it (counts, pairs, orders) is patched there.
    if (placed.length === changed.length) return recordChange(out, items, placed);
  } else if (inImportOrder(items) && inImportOrder(changed)) {
    const out = items.slice();
    let j = 0;
    for (let i = 0; i < items.length && j < changed.length; i++) {
      const seq = items[i].seq;
      while (j < changed.length && changed[j].seq < seq) j++;
      if (j < changed.length && changed[j].seq === seq) {
        if (changed[j].id === items[i].id) out[i] = put(items[i], changed[j]);
        j++;
      }
    }
    return out;
  }
  const byId = new Map(changed.map((c) => [c.id, c]));
  return items.map((i) => {
    const c = byId.get(i.id);
    return c ? put(i, c) : i;
  });
}

/** Whether the list is in import order (seq rising). */
function inImportOrder(list: { seq: number }[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i].seq <= list[i - 1].seq) return false;
  return true;
}

/**
 * Where an item (its seq and id) is in a list in import order, by binary search; -1 when it is not found there (not in
 * the list, or the list is in another order).
 */
export function indexOfItem(items: Item[], { seq, id }: Pick<Item, 'seq' | 'id'>): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = items[mid].seq;
    if (at === seq) return items[mid].id === id ? mid : -1;
    if (at < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** An item of the list by its seq and id: by binary search in import order, else by going through the list. */
export function findItem(items: Item[], ref: Pick<Item, 'seq' | 'id'>): Item | undefined {
  const at = indexOfItem(items, ref);
  return at >= 0 ? items[at] : items.find((i) => i.id === ref.id);
}

/** Where ids were last found by positionOf: a few, for the lists that come after the one they were found in. */
const lastFound = new Map<string, number>();
const MOST_REMEMBERED = 64;

/** Remember where an id stands in the list shown now (the focus moved there): positionOf looks there first. */
export function rememberPosition(id: string, at: number): void {
  if (lastFound.size >= MOST_REMEMBERED && !lastFound.has(id)) lastFound.clear();
  lastFound.set(id, at);
}

/**
 * Where the element with this id is in the list, -1 when it is not there. Where it was last found first: a decision
 * makes a new list with every element where it was, and the pass over a million items that finds it otherwise took
 * ~30 ms of each decision and each move of the focus deep in the list.
 */
export function positionOf(list: readonly { id: string }[], id: string): number {
  const hint = lastFound.get(id);
  if (hint !== undefined && list[hint]?.id === id) return hint;
  const at = list.findIndex((x) => x.id === id);
  if (at >= 0) rememberPosition(id, at);
  return at;
}

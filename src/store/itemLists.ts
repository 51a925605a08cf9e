// Cached item lists with some items replaced by their saved versions (a decision, an edit, another tab's change).

import { recordChange } from '../core/listChange.ts';
import type { Item } from '../core/model.ts';

/** At most this many changed items are placed by binary search; more (a bulk decision) in one pass with a map. */
const PLACED_ONE_BY_ONE = 64;

/**
 * The list with each changed item in place of its old version; the others are the same objects. Lists are in import
 * order (seq), so a few changed items are found by binary search in a copy of the list: one pass over the list with a
 * map of the changed ids took 300 ms of a decision at a million items. A list in another order, or without one of
 * them, takes the pass.
 */
export function withReplaced(items: Item[] | undefined, changed: Item[]): Item[] | undefined {
  if (!items || !changed.length) return items;
  if (changed.length <= PLACED_ONE_BY_ONE) {
    const out = items.slice();
    const placed: number[] = [];
    for (const item of changed) {
      const at = indexOfItem(items, item);
      if (at >= 0) (out[at] = item), placed.push(at);
    }
    // The positions go with the list: what is derived from it (counts, pairs, orders) is patched there.
    if (placed.length === changed.length) return recordChange(out, items, placed);
  }
  const byId = new Map(changed.map((i) => [i.id, i]));
  return items.map((i) => byId.get(i.id) ?? i);
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

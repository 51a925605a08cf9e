// Cached item lists with some items replaced by their saved versions (a decision, an edit, another tab's change).

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
    let placed = 0;
    for (const item of changed) {
      const at = indexOfSeq(items, item.seq);
      if (at >= 0 && items[at].id === item.id) (out[at] = item), placed++;
    }
    if (placed === changed.length) return out;
  }
  const byId = new Map(changed.map((i) => [i.id, i]));
  return items.map((i) => byId.get(i.id) ?? i);
}

/** Where the item with this seq is in a list in import order; -1 when none is found there. */
function indexOfSeq(items: Item[], seq: number): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = items[mid].seq;
    if (at === seq) return mid;
    if (at < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

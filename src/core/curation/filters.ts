// The review grid's items: filters by kind and status, a histogram bin, a disagreement view, and a sort order.

import { changedSince } from '../listChange.ts';
import type { Item, ItemKind, ReviewStatus } from '../model.ts';
import { basicFilter, type BasicFilters, hasBasicFilters } from './basics.ts';
import { sortByKey } from '../order.ts';
import { rankDisagreement } from './threshold.ts';

export type SortOrder = 'import' | 'score-desc' | 'score-asc' | 'disagreement';
export type View = 'all' | 'disagree-reviewer' | 'model-disagreement';

export interface Filters {
  kind: ItemKind | 'all';
  status: ReviewStatus | 'all';
  /** DataComp's basic filters: caption words, image size and aspect, repeated captions. */
  basics?: BasicFilters;
}

export interface CurationView {
  model: string;
  value: number;
  scoreRange: [number, number] | null;
  sort: SortOrder;
  view: View;
  models: string[];
}

/**
 * The per-item tests of the grid's filters (the basic filters, which read every caption, apart): each undefined when
 * it does not apply. applyFilters runs them over the list; applyFiltersAfter asks them of the changed items.
 */
function itemTests(f: Filters, c: CurationView) {
  const score = (i: Item) => i.scores?.[c.model];
  return {
    kindAndStatus:
      f.kind !== 'all' || f.status !== 'all'
        ? (i: Item) => (f.kind === 'all' || i.kind === f.kind) && (f.status === 'all' || i.status === f.status)
        : undefined,
    inRange: c.scoreRange
      ? (i: Item) => {
          const s = score(i);
          return s !== undefined && s >= c.scoreRange![0] && s <= c.scoreRange![1];
        }
      : undefined,
    // The reviewer and the cut disagree: accepted below it, or rejected above it.
    againstCut:
      c.view === 'disagree-reviewer'
        ? (i: Item) => {
            const s = score(i);
            return (
              s !== undefined &&
              !!i.decision &&
              i.decision.via !== 'bulk' &&
              ((i.status === 'accepted' && s < c.value) || (i.status === 'rejected' && s >= c.value))
            );
          }
        : undefined,
  };
}

/** The key the grid sorts by, ascending (0 for all in import order); equal keys keep import order. */
function sortKey(c: CurationView): (i: Item) => number {
  if (c.sort === 'import') return () => 0;
  const sign = c.sort === 'score-desc' ? -1 : 1;
  return (i) => sign * (i.scores?.[c.model] ?? Number.NEGATIVE_INFINITY);
}

/** The grid's items: filters by kind and status, a histogram bin, a disagreement view, and a sort order. */
export function applyFilters(items: Item[], f: Filters, c: CurationView): Item[] {
  const { kindAndStatus, inRange, againstCut } = itemTests(f, c);
  let out = items;
  if (kindAndStatus) out = out.filter(kindAndStatus);
  if (hasBasicFilters(f.basics)) out = out.filter(basicFilter(f.basics, items));
  if (inRange) out = out.filter(inRange);
  if (againstCut) out = out.filter(againstCut);
  if (c.view === 'model-disagreement' || c.sort === 'disagreement') {
    const [a, b] = c.models.filter((m) => m !== 'ensemble');
    const both = out.filter((i) => a && b && typeof i.scores?.[a] === 'number' && typeof i.scores?.[b] === 'number');
    const d = rankDisagreement(
      both.map((i) => i.scores![a]),
      both.map((i) => i.scores![b]),
    );
    const ranked = sortByKey(both, (_, k) => -d[k]);
    // The view keeps the tenth of pairs the two models rank most differently.
    out = c.view === 'model-disagreement' ? ranked.slice(0, Math.max(1, Math.ceil(ranked.length / 10))) : ranked;
  } else if (c.sort !== 'import') out = sortByKey(out, sortKey(c));
  return out;
}

/** The grid's items of an earlier list, with what made them. */
export interface Filtered {
  items: Item[];
  f: Filters;
  c: CurationView;
  out: Item[];
}

/** At most this many changed items are put in place in the earlier result; more, and the filters run again. */
const PATCHED_AT_MOST = 64;

/**
 * `applyFilters`, patched: where `items` was made from `previous.items` by a few recorded changes (a decision,
 * listChange.ts) under the same filters and view, each changed item is taken out of the earlier result, put back in
 * its place or put in, found by binary search in the result's order; at a million items the filters and the sort by
 * score took ~150 ms of each decision. Whatever it cannot patch (the basic filters, which read every caption; the
 * models' disagreement, a ranking of them all; a changed score) runs the filters again.
 */
export function applyFiltersAfter(items: Item[], f: Filters, c: CurationView, previous?: Filtered): Item[] {
  return (previous && patchFiltered(items, f, c, previous)) ?? applyFilters(items, f, c);
}

function sameView(a: CurationView, b: CurationView): boolean {
  return a.model === b.model && a.value === b.value && a.scoreRange === b.scoreRange && a.sort === b.sort && a.view === b.view && a.models === b.models;
}

function patchFiltered(items: Item[], f: Filters, c: CurationView, previous: Filtered): Item[] | undefined {
  if (previous.f !== f || !sameView(previous.c, c) || hasBasicFilters(f.basics)) return undefined;
  if (c.view === 'model-disagreement' || c.sort === 'disagreement') return undefined;
  const changed = changedSince(items, previous.items);
  if (!changed) return undefined;
  const at = [...new Set(changed)];
  if (at.length > PATCHED_AT_MOST) return undefined;
  const tests = Object.values(itemTests(f, c)).filter((t) => t !== undefined);
  const keeps = (i: Item) => tests.every((t) => t(i));
  // The result's order: by the sort's key, then by import order (the sort is stable over a list in import order).
  const key = sortKey(c);
  const before = (a: Item, b: Item) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb || (ka === kb && a.seq < b.seq);
  };
  const out = previous.out.slice();
  const place = (i: Item) => {
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(out[mid], i)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const n of at) {
    const was = previous.items[n];
    const is = items[n];
    if (was.id !== is.id || was.seq !== is.seq || Number.isNaN(key(was)) || key(was) !== key(is)) return undefined;
    const keptWas = keeps(was);
    const keepsIs = keeps(is);
    if (!keptWas && !keepsIs) continue;
    const k = place(was);
    if (keptWas) {
      // Not where the order puts it: the earlier result is in some other order; run the filters again.
      if (out[k] !== was) return undefined;
      if (keepsIs) out[k] = is;
      else out.splice(k, 1);
    } else {
      if (out[k] === was || (k > 0 && !before(out[k - 1], is)) || (k < out.length && !before(is, out[k]))) return undefined;
      out.splice(k, 0, is);
    }
  }
  return out;
}

// The review grid's items: filters by kind and status, a histogram bin, a disagreement view, and a sort order.

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

/** The grid's items: filters by kind and status, a histogram bin, a disagreement view, and a sort order. */
export function applyFilters(items: Item[], f: Filters, c: CurationView): Item[] {
  const score = (i: Item) => i.scores?.[c.model];
  let out = items;
  if (f.kind !== 'all' || f.status !== 'all') out = out.filter((i) => (f.kind === 'all' || i.kind === f.kind) && (f.status === 'all' || i.status === f.status));
  if (hasBasicFilters(f.basics)) out = out.filter(basicFilter(f.basics, items));
  if (c.scoreRange) {
    const [lo, hi] = c.scoreRange;
    out = out.filter((i) => {
      const s = score(i);
      return s !== undefined && s >= lo && s <= hi;
    });
  }
  if (c.view === 'disagree-reviewer') {
    // The reviewer and the cut disagree: accepted below it, or rejected above it.
    out = out.filter((i) => {
      const s = score(i);
      return (
        s !== undefined && !!i.decision && i.decision.via !== 'bulk' && ((i.status === 'accepted' && s < c.value) || (i.status === 'rejected' && s >= c.value))
      );
    });
  }
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
  } else if (c.sort !== 'import') {
    const sign = c.sort === 'score-desc' ? -1 : 1;
    out = sortByKey(out, (i) => sign * (score(i) ?? -Infinity));
  }
  return out;
}

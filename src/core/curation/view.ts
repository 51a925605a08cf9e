// What the threshold screen shows, computed from items: scored pairs for one model, the reviewer's decisions as
// labels, and the state of a cut. Pure and fast: a threshold move costs a binary search.

import { changedSince, recordChange } from '../listChange.ts';
import type { Item, ReviewStatus } from '../model.ts';
import { binOf, countAtThreshold, histogram, lowerBound, precisionRecallCurve, type CurvePoint, type Histogram, type Labeled } from './threshold.ts';

export interface ScoredPair {
  id: string;
  /** The item's import position (with the id, where it is stored). */
  seq: number;
  score: number;
  status: ReviewStatus;
  /** Decided by a reviewer (bulk decisions are not evidence about the cut: they come from it). */
  reviewed: boolean;
}

const toPair = (i: Item, score: number): ScoredPair => ({ id: i.id, seq: i.seq, score, status: i.status, reviewed: !!i.decision && i.decision.via !== 'bulk' });

/** Where each item's pair is in a list made by scoredPairs (-1: the item is not a scored pair). */
const pairIndex = new WeakMap<ScoredPair[], Int32Array>();

/**
 * The items' pairs scored by `model`, in item order. With `previous` (the pairs of an earlier list, by the same model)
 * only the items changed since (listChange.ts) are read again, where the change kept each item's kind and score.
 */
export function scoredPairs(items: Item[], model: string, previous?: { items: Item[]; model: string; pairs: ScoredPair[] }): ScoredPair[] {
  const patched = previous?.model === model ? patchPairs(items, model, previous) : undefined;
  if (patched) return patched;
  const out: ScoredPair[] = [];
  const index = new Int32Array(items.length).fill(-1);
  for (let n = 0; n < items.length; n++) {
    const i = items[n];
    const s = i.scores?.[model];
    if (i.kind === 'pair' && typeof s === 'number') (index[n] = out.length), out.push(toPair(i, s));
  }
  pairIndex.set(out, index);
  return out;
}

function patchPairs(items: Item[], model: string, previous: { items: Item[]; pairs: ScoredPair[] }): ScoredPair[] | undefined {
  const changed = changedSince(items, previous.items);
  const index = pairIndex.get(previous.pairs);
  if (!changed || !index) return undefined;
  const out = previous.pairs.slice();
  const at: number[] = [];
  for (const n of changed) {
    const i = items[n];
    const s = i.scores?.[model];
    const k = index[n];
    const scored = i.kind === 'pair' && typeof s === 'number';
    // An item that became a scored pair or stopped being one, or was scored again: the list's length or the order by
    // score changes too, so it is all derived again.
    if (k < 0 ? scored : !scored || s !== out[k].score) return undefined;
    if (k >= 0) (out[k] = toPair(i, s as number)), at.push(k);
  }
  pairIndex.set(out, index);
  return recordChange(out, previous.pairs, at);
}

/** The position in its pairs list of each label, ascending. */
const labelIndex = new WeakMap<Labeled[], number[]>();

const isLabel = (p: ScoredPair) => p.reviewed && p.status !== 'pending';

/**
 * The reviewer's decisions as labels, in pair order. With `previous` (the labels of an earlier list of pairs) only
 * the pairs changed since (listChange.ts) are read again.
 */
export function reviewerLabels(pairs: ScoredPair[], previous?: { pairs: ScoredPair[]; labels: Labeled[] }): Labeled[] {
  const changed = previous && changedSince(pairs, previous.pairs);
  const held = previous && labelIndex.get(previous.labels);
  let at: number[];
  if (changed && held) {
    at = held.slice();
    for (const k of changed) {
      const i = lowerBound(at, k);
      const there = at[i] === k;
      if (isLabel(pairs[k]) !== there) there ? at.splice(i, 1) : at.splice(i, 0, k);
    }
  } else {
    at = [];
    for (let k = 0; k < pairs.length; k++) if (isLabel(pairs[k])) at.push(k);
  }
  const labels = at.map((k) => ({ score: pairs[k].score, accepted: pairs[k].status === 'accepted' }));
  labelIndex.set(labels, at);
  return labels;
}

export interface StatusHistogram {
  pairs: ScoredPair[];
  /** Every pair's score. */
  all: Histogram;
  /** Of the accepted and the rejected pairs, over the same bins. */
  accepted: number[];
  rejected: number[];
}

/**
 * The histogram of the pairs' scores, and of the accepted and the rejected ones in the same bins. With `previous` (of
 * an earlier list of pairs) only the pairs changed since (listChange.ts) are counted again, where their scores are the
 * same.
 */
export function statusHistogram(pairs: ScoredPair[], bins: number, previous?: StatusHistogram): StatusHistogram {
  const changed = previous && previous.all.counts.length === bins ? changedSince(pairs, previous.pairs) : undefined;
  if (previous && changed?.every((k) => pairs[k].score === previous.pairs[k].score)) {
    const counts = { accepted: previous.accepted.slice(), rejected: previous.rejected.slice() } as Record<ReviewStatus, number[] | undefined>;
    for (const k of new Set(changed)) {
      const b = binOf(previous.all, pairs[k].score);
      const was = counts[previous.pairs[k].status];
      const is = counts[pairs[k].status];
      if (b < 0 || was === is) continue;
      if (was) was[b]--;
      if (is) is[b]++;
    }
    return { pairs, all: previous.all, accepted: counts.accepted!, rejected: counts.rejected! };
  }
  const all = histogram(
    pairs.map((p) => p.score),
    bins,
  );
  const of = (status: ReviewStatus) =>
    histogram(
      pairs.filter((p) => p.status === status).map((p) => p.score),
      bins,
      [all.min, all.max],
    ).counts;
  return { pairs, all, accepted: of('accepted'), rejected: of('rejected') };
}

/** How many items of each kind and of each status (and `all`). */
export type ItemCounts = Record<string, number>;

/**
 * The counts the sidebar shows. With `previous` (of an earlier list) only the items changed since (listChange.ts) are
 * counted again.
 */
export function itemCounts(all: Item[], previous?: { items: Item[]; counts: ItemCounts }): ItemCounts {
  const changed = previous && changedSince(all, previous.items);
  if (previous && changed) {
    const c = { ...previous.counts };
    for (const n of new Set(changed)) {
      const was = previous.items[n];
      const is = all[n];
      // A count that reaches 0 goes, as in a count made from scratch.
      for (const k of [was.kind, was.status]) if (!--c[k]) delete c[k];
      c[is.kind] = (c[is.kind] ?? 0) + 1;
      c[is.status] = (c[is.status] ?? 0) + 1;
    }
    return c;
  }
  const c: ItemCounts = { all: all.length };
  for (const i of all) {
    c[i.kind] = (c[i.kind] ?? 0) + 1;
    c[i.status] = (c[i.status] ?? 0) + 1;
  }
  return c;
}

/** Precision and recall of "score ≥ t" at any t, read off the curve (points at each labeled score, ascending). */
export function curveAt(curve: CurvePoint[], t: number): CurvePoint | undefined {
  if (!curve.length) return undefined;
  const ts = curve.map((p) => p.t);
  const i = lowerBound(ts, t);
  if (i < curve.length) return curve[i];
  // Above every labeled score: nothing labeled is kept.
  const last = curve[curve.length - 1];
  const positives = last.tp + last.fn;
  return { t, tp: 0, fp: 0, fn: positives, tn: last.fp + last.tn, precision: 1, recall: 0, f1: 0 };
}

export interface CutState {
  kept: number;
  dropped: number;
  /** Precision and recall at the cut against reviewer decisions, when there are any. */
  atCut?: CurvePoint;
}

export function cutState(sorted: ArrayLike<number>, curve: CurvePoint[], t: number): CutState {
  return { ...countAtThreshold(sorted, t), atCut: curveAt(curve, t) };
}

export { precisionRecallCurve };

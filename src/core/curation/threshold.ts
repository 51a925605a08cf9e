// Threshold statistics: histogram, counts kept and dropped, the DataComp "top X%" cut, precision and recall of
// "score ≥ t" against the reviewer's decisions, a suggested threshold with a bootstrap range, borderline pairs.

import { changedSince } from '../listChange.ts';
import { rng } from '../random.ts';
import { orderByKey } from '../order.ts';

export interface Histogram {
  min: number;
  max: number;
  /** counts[i] holds scores in [min + i·width, min + (i+1)·width); the last bin also holds max. */
  counts: number[];
  width: number;
}

export function histogram(scores: ArrayLike<number>, bins: number, range?: [number, number]): Histogram {
  let min = range?.[0] ?? Infinity;
  let max = range?.[1] ?? -Infinity;
  if (!range) for (let i = 0; i < scores.length; i++) (min = Math.min(min, scores[i])), (max = Math.max(max, scores[i]));
  if (!Number.isFinite(min)) return { min: 0, max: 1, counts: new Array(bins).fill(0), width: 1 / bins };
  if (max === min) max = min + 1e-6;
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  const h = { min, max, counts, width };
  for (let i = 0; i < scores.length; i++) {
    const b = binOf(h, scores[i]);
    if (b >= 0) counts[b]++;
  }
  return h;
}

/** The bin of the histogram that counts a score; -1 outside its range. */
export function binOf(h: Pick<Histogram, 'min' | 'max' | 'counts' | 'width'>, s: number): number {
  if (!(s >= h.min && s <= h.max)) return -1;
  return Math.min(h.counts.length - 1, Math.floor((s - h.min) / h.width));
}

/** Index of the first score ≥ t in an ascending array. */
export function lowerBound(sorted: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Pairs kept (score ≥ t) and dropped (score < t). */
export function countAtThreshold(sorted: ArrayLike<number>, t: number): { kept: number; dropped: number } {
  const dropped = lowerBound(sorted, t);
  return { kept: sorted.length - dropped, dropped };
}

/** The cut that keeps the top `fraction` of pairs (DataComp's rule): the score of the last pair kept. */
export function thresholdForTopFraction(sorted: ArrayLike<number>, fraction: number): number {
  if (!sorted.length) return 0;
  const keep = Math.max(1, Math.min(sorted.length, Math.round(sorted.length * fraction)));
  return sorted[sorted.length - keep];
}

export interface Labeled {
  score: number;
  /** The reviewer's decision: accepted (a good pair) or rejected. */
  accepted: boolean;
}

export interface CurvePoint {
  t: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Precision and recall of "score ≥ t" against decisions, at every distinct labeled score (ascending t). */
export function precisionRecallCurve(labeled: Labeled[]): CurvePoint[] {
  const sorted = [...labeled].sort((a, b) => a.score - b.score);
  const positives = sorted.filter((l) => l.accepted).length;
  const negatives = sorted.length - positives;
  const points: CurvePoint[] = [];
  // Walking up: below t everything is dropped.
  let droppedPos = 0;
  let droppedNeg = 0;
  for (let i = 0; i < sorted.length; ) {
    const t = sorted[i].score;
    const tp = positives - droppedPos;
    const fp = negatives - droppedNeg;
    const precision = tp + fp ? tp / (tp + fp) : 1;
    const recall = positives ? tp / positives : 0;
    points.push({ t, tp, fp, fn: droppedPos, tn: droppedNeg, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 });
    while (i < sorted.length && sorted[i].score === t) {
      if (sorted[i].accepted) droppedPos++;
      else droppedNeg++;
      i++;
    }
  }
  return points;
}

/** Wilson score interval for a proportion k/n (95% by default). */
export function wilson(k: number, n: number, z = 1.96): [number, number] {
  if (!n) return [0, 1];
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = p + (z * z) / (2 * n);
  const r = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [Math.max(0, (c - r) / d), Math.min(1, (c + r) / d)];
}

export type SuggestionRule = { rule: 'best-f1' } | { rule: 'min-precision'; precision: number };

export interface Suggestion extends CurvePoint {
  /** How many decisions back it, and how many of them were accepted. */
  decisions: number;
  accepted: number;
  /** 95% Wilson interval of the precision at t. */
  precisionInterval: [number, number];
  /** 5th–95th percentile of the suggested t over bootstrap resamples of the decisions. */
  tRange: [number, number];
}

function pick(curve: CurvePoint[], rule: SuggestionRule): CurvePoint | undefined {
  if (!curve.length) return undefined;
  if (rule.rule === 'best-f1') return curve.reduce((best, p) => (p.f1 > best.f1 ? p : best));
  // The lowest t whose precision reaches the target keeps the most pairs.
  return curve.find((p) => p.precision >= rule.precision && p.tp > 0);
}

/** Suggest a threshold from the reviewer's decisions. Needs at least one accepted and one rejected pair. */
export function suggestThreshold(labeled: Labeled[], rule: SuggestionRule, resamples = 200, seed = 1): Suggestion | undefined {
  const accepted = labeled.filter((l) => l.accepted).length;
  if (!accepted || accepted === labeled.length) return undefined;
  const best = pick(precisionRecallCurve(labeled), rule);
  if (!best) return undefined;
  const r = rng(seed);
  const ts: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const sample = labeled.map(() => labeled[Math.floor(r() * labeled.length)]);
    const p = pick(precisionRecallCurve(sample), rule);
    if (p) ts.push(p.t);
  }
  ts.sort((a, b) => a - b);
  const q = (f: number) => ts[Math.min(ts.length - 1, Math.floor(f * ts.length))];
  return {
    ...best,
    decisions: labeled.length,
    accepted,
    precisionInterval: wilson(best.tp, best.tp + best.fp),
    tRange: ts.length ? [q(0.05), q(0.95)] : [best.t, best.t],
  };
}

/**
 * Items in ascending order of score, ties in their original order, for the questions asked at every move of the cut:
 * sorted once when the items change, each question is then a binary search (at a million pairs a scan per move cost
 * tens of milliseconds a frame). Items without a finite score are left out. The items stay where they are: position
 * k of the order is `source[at[k]]` (a pass that gathered them in score order jumped about a million objects).
 */
export interface ScoreOrder<T> {
  source: T[];
  /** Index into `source` of each position, in score order. */
  at: Uint32Array;
  /** The scores in order. */
  scores: Float64Array;
  /** Each source item's score (NaN where it is left out), to tell whether a later list can reuse the order. */
  byIndex?: Float64Array;
}

/** Whether a score is the one an order holds for its item (NaN there: left out). */
const sameScore = (s: number, held: number) => (Number.isFinite(s) ? s === held : Number.isNaN(held));

/**
 * `items` in score order. With `previous` (the order of an earlier list) whose scores are the same at the same
 * positions (a decision changed a status, not a score), its permutation is reused: one pass in item order, no sort;
 * and no pass at all where the list was made from the earlier one by recorded changes (listChange.ts) of the same
 * scores.
 */
export function scoreOrder<T extends { score: number }>(items: T[], previous?: ScoreOrder<T>): ScoreOrder<T> {
  const held = previous?.byIndex;
  const changed = held && changedSince(items, previous.source);
  if (held && changed?.every((i) => sameScore(items[i].score, held[i]))) return { source: items, at: previous.at, scores: previous.scores, byIndex: held };
  const byIndex = new Float64Array(items.length);
  let finite = 0;
  for (let i = 0; i < items.length; i++) {
    const s = items[i].score;
    byIndex[i] = Number.isFinite(s) ? s : Number.NaN;
    if (Number.isFinite(s)) finite++;
  }
  if (previous?.byIndex && sameScores(previous.byIndex, byIndex)) return { source: items, at: previous.at, scores: previous.scores, byIndex };
  const kept = new Uint32Array(finite);
  for (let i = 0, n = 0; i < items.length; i++) if (Number.isFinite(byIndex[i])) kept[n++] = i;
  const order = orderByKey(finite, (k) => byIndex[kept[k]]);
  const at = new Uint32Array(finite);
  const scores = new Float64Array(finite);
  for (let k = 0; k < finite; k++) {
    at[k] = kept[order[k]];
    scores[k] = byIndex[at[k]];
  }
  return { source: items, at, scores, byIndex };
}

function sameScores(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameScore(a[i], b[i])) return false;
  return true;
}

/**
 * The items of an order that pass `keep` (the undecided pairs), for the question asked after every decision: which
 * of them is nearest a score (nearestKept). A mark per item and a count per block of positions of the order; with
 * `previous` (made from an earlier list by recorded changes, listChange.ts, with the same order) only the changed
 * items are asked again, and their marks and counts are patched in place: the arrays are shared with `previous`,
 * which is not to be asked again. A sub-order of its own, copied at each decision, spent ~10 ms and 10 MB of typed
 * arrays of every decision at a million pairs.
 */
export interface KeptIndex<T> {
  order: ScoreOrder<T>;
  /** 1 for each source item that passes. */
  kept: Uint8Array;
  /** How many pass in each block of BLOCK positions of the order. */
  counts: Uint32Array;
  /** Each source item's position in the order (NOT_IN_ORDER where it is left out). */
  pos: Uint32Array;
}

const BLOCK_BITS = 10;
const BLOCK = 1 << BLOCK_BITS;

export function keptIndex<T>(o: ScoreOrder<T>, keep: (item: T) => boolean, previous?: KeptIndex<T>): KeptIndex<T> {
  const changed = previous && previous.order.at === o.at && previous.kept.length === o.source.length && changedSince(o.source, previous.order.source);
  if (previous && changed) {
    const { kept, counts, pos } = previous;
    for (const i of changed) {
      const now = keep(o.source[i]) ? 1 : 0;
      if (now === kept[i]) continue;
      kept[i] = now;
      if (pos[i] !== NOT_IN_ORDER) counts[pos[i] >> BLOCK_BITS] += now ? 1 : -1;
    }
    return { order: o, kept, counts, pos };
  }
  const kept = new Uint8Array(o.source.length);
  for (let i = 0; i < o.source.length; i++) kept[i] = keep(o.source[i]) ? 1 : 0;
  const counts = new Uint32Array(Math.ceil(o.at.length / BLOCK));
  for (let k = 0; k < o.at.length; k++) counts[k >> BLOCK_BITS] += kept[o.at[k]];
  return { order: o, kept, counts, pos: positions(o.at, o.source.length) };
}

/** The first position at or after `from` whose item passes, -1 where none does: blocks that hold none are skipped. */
function firstKept<T>(x: KeptIndex<T>, from: number): number {
  const { at } = x.order;
  for (let k = from; k < at.length; ) {
    const block = k >> BLOCK_BITS;
    const end = Math.min(at.length, (block + 1) << BLOCK_BITS);
    if (x.counts[block]) for (; k < end; k++) if (x.kept[at[k]]) return k;
    k = end;
  }
  return -1;
}

/** The last position before `to` whose item passes, -1 where none does. */
function lastKept<T>(x: KeptIndex<T>, to: number): number {
  const { at } = x.order;
  for (let k = to - 1; k >= 0; ) {
    const block = k >> BLOCK_BITS;
    const start = block << BLOCK_BITS;
    if (x.counts[block]) for (; k >= start; k--) if (x.kept[at[k]]) return k;
    k = start - 1;
  }
  return -1;
}

/**
 * The passing item whose score is nearest `t`, of equals the earliest: with the undecided items, the decision that
 * tells the most about where the cut belongs (scans.ts's `nextMostInformative` is the scan it replaced).
 */
export function nearestKept<T>(x: KeptIndex<T>, t: number): T | undefined {
  const o = x.order;
  const j = lowerBound(o.scores, t);
  const above = firstKept(x, j);
  const below = lastKept(x, j);
  // Below the cut, the earliest passing item of the run of equal scores.
  const candidates = [above, below >= 0 ? firstKept(x, runStart(o.scores, below)) : -1].filter((k) => k >= 0);
  let best = -1;
  for (const k of candidates) {
    const d = Math.abs(o.scores[k] - t);
    const bd = best < 0 ? Infinity : Math.abs(o.scores[best] - t);
    if (d < bd || (d === bd && o.at[k] < o.at[best])) best = k;
  }
  return best < 0 ? undefined : itemAt(o, best);
}

/** Where each source item stands in an order (NOT_IN_ORDER where it is left out), made once per permutation. */
const positionsOf = new WeakMap<Uint32Array, Uint32Array>();
const NOT_IN_ORDER = 0xffffffff;

function positions(at: Uint32Array, sourceLength: number): Uint32Array {
  let pos = positionsOf.get(at);
  if (pos?.length === sourceLength) return pos;
  pos = new Uint32Array(sourceLength).fill(NOT_IN_ORDER);
  for (let k = 0; k < at.length; k++) pos[at[k]] = k;
  positionsOf.set(at, pos);
  return pos;
}

/** The item at position k of the order. */
const itemAt = <T>(o: ScoreOrder<T>, k: number): T => o.source[o.at[k]];

/** The first position of the run of equal scores that holds `i`: a binary search, however long the run is. */
function runStart(scores: Float64Array, i: number): number {
  return lowerBound(scores, scores[i]);
}

/**
 * The `k` items just above and just below the cut, nearest first (where the threshold is least certain); of equal
 * scores the earlier item first, as a stable sort keeps them. A binary search: scans.ts's `borderline` is the scan it
 * replaced, and the tests hold it to the same picks.
 */
export function borderlineIn<T>(o: ScoreOrder<T>, t: number, k: number): { above: T[]; below: T[] } {
  const j = lowerBound(o.scores, t);
  const above: T[] = [];
  for (let i = j; i < Math.min(o.at.length, j + k); i++) above.push(itemAt(o, i));
  const below: T[] = [];
  // Nearest first, and of equal scores the earlier item first: each run of equal scores in its own order.
  for (let end = j - 1; end >= 0 && below.length < k; ) {
    const start = runStart(o.scores, end);
    for (let i = start; i <= end && below.length < k; i++) below.push(itemAt(o, i));
    end = start - 1;
  }
  return { above, below };
}

/**
 * How much two models disagree on each pair: the difference of the pair's percentile rank under each model
 * (their raw cosines live on different scales, their ranks do not). 0 = same rank, 1 = opposite ends.
 */
export function rankDisagreement(a: number[], b: number[]): number[] {
  const ranks = (s: number[]) => {
    const order = s.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]);
    const r = new Array<number>(s.length);
    order.forEach(([, i], k) => (r[i] = s.length > 1 ? k / (s.length - 1) : 0.5));
    return r;
  };
  const ra = ranks(a);
  const rb = ranks(b);
  return ra.map((x, i) => Math.abs(x - rb[i]));
}

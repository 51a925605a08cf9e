// What the threshold screen shows, computed from items: scored pairs for one model, the reviewer's decisions as
// labels, and the state of a cut. Pure and fast: a threshold move costs a binary search.

import type { Item, ReviewStatus } from '../model.ts';
import { countAtThreshold, lowerBound, precisionRecallCurve, type CurvePoint, type Labeled } from './threshold.ts';

export interface ScoredPair {
  id: string;
  /** The item's import position (with the id, where it is stored). */
  seq: number;
  score: number;
  status: ReviewStatus;
  /** Decided by a reviewer (bulk decisions are not evidence about the cut: they come from it). */
  reviewed: boolean;
}

export function scoredPairs(items: Item[], model: string): ScoredPair[] {
  const out: ScoredPair[] = [];
  for (const i of items) {
    const s = i.scores?.[model];
    if (i.kind === 'pair' && typeof s === 'number')
      out.push({ id: i.id, seq: i.seq, score: s, status: i.status, reviewed: !!i.decision && i.decision.via !== 'bulk' });
  }
  return out;
}

export function reviewerLabels(pairs: ScoredPair[]): Labeled[] {
  return pairs.filter((p) => p.reviewed && p.status !== 'pending').map((p) => ({ score: p.score, accepted: p.status === 'accepted' }));
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

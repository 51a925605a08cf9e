// The threshold model: everything the threshold panel and the bulk commands need, derived from the items, the score
// model and the rule, memoized; it starts from the saved cut whenever a dataset opens.

import * as Comlink from 'comlink';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  scoreOrder,
  type ScoreOrder,
  keptIndex,
  type KeptIndex,
  type SuggestionRule,
  suggestThreshold,
  thresholdForTopFraction,
  type CurvePoint,
  type Labeled,
  type Suggestion,
} from '../core/curation/threshold.ts';
import type { SuggestWorkerApi } from '../worker/suggest.worker.ts';
import { changedSince } from '../core/listChange.ts';
import { precisionRecallCurve, reviewerLabels, scoredPairs, type ScoredPair } from '../core/curation/view.ts';
import type { Item } from '../core/model.ts';
import { useCuration } from './curation.ts';
import { useCut } from './queries.ts';

export interface ThresholdModel {
  pairs: ScoredPair[];
  /** The pairs in ascending order of score, and the undecided ones: what each move of the cut asks about. */
  byScore: ScoreOrder<ScoredPair>;
  pending: KeptIndex<ScoredPair>;
  /** The pairs' scores, ascending. */
  sorted: Float64Array;
  /** The reviewer's decisions as labels, and precision/recall of "score ≥ t" against them. */
  labels: Labeled[];
  curve: CurvePoint[];
  value: number;
  suggestion?: Suggestion;
  models: string[];
}

/** The models that scored any of the items, the ensemble first. */
export function scoredModels(items: Item[]): string[] {
  const names = new Set<string>();
  // for…in, not Object.keys: no array made for each of a million items.
  for (const i of items) if (i.scores) for (const k in i.scores) names.add(k);
  return [...names].sort((a, b) => (a === 'ensemble' ? -1 : b === 'ensemble' ? 1 : a.localeCompare(b)));
}

/**
 * Whether two lists hold the same scores objects, item for item: then they score the same models. At a million items
 * comparing references costs a few milliseconds where reading every item's scores again took 90 ms of a decision.
 */
export function sameScores(a: Item[], b: Item[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && a[i].scores !== b[i].scores) return false;
  return true;
}

/** Whether two scores objects name the same models (a decision's saved item has a copy of its scores). */
export function sameModels(a: Item['scores'], b: Item['scores']): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  let n = 0;
  for (const k in a) if ((n++, !(k in b))) return false;
  for (const _ in b) n--;
  return n === 0;
}

/** Everything the panel and the bulk commands need, memoized on the items, the model and the rule. */
export function useThresholdModel(items: Item[], datasetId: string | null): ThresholdModel {
  const { model, mode, value, topFraction, rule, targetPrecision, set } = useCuration();
  const cut = useCut(datasetId);
  // The scored models: read again only when some item's scores are not the ones last read (a decision keeps them).
  const lastModels = useRef<{ items: Item[]; models: string[] }>(undefined);
  const models = useMemo(() => {
    const last = lastModels.current;
    const changed = last && changedSince(items, last.items);
    const same = changed ? changed.every((i) => sameModels(items[i].scores, last?.items[i].scores)) : last && sameScores(last.items, items);
    if (last && same) return (lastModels.current = { items, models: last.models }).models;
    return (lastModels.current = { items, models: scoredModels(items) }).models;
  }, [items]);
  // A decision replaces a few items (listChange.ts): the pairs, the orders and the labels are patched where it did,
  // not derived again from a million items (~230 ms of each decision).
  const lastPairs = useRef<{ items: Item[]; model: string; pairs: ScoredPair[] }>(undefined);
  const pairs = useMemo(() => (lastPairs.current = { items, model, pairs: scoredPairs(items, model, lastPairs.current) }).pairs, [items, model]);
  // A decision makes new pairs with the same scores: the last order's permutation is reused (no sort at each one).
  const last = useRef<ScoreOrder<ScoredPair>>(undefined);
  const byScore = useMemo(() => (last.current = scoreOrder(pairs, last.current)), [pairs]);
  const lastPending = useRef<KeptIndex<ScoredPair>>(undefined);
  const pending = useMemo(() => (lastPending.current = keptIndex(byScore, (p) => p.status === 'pending', lastPending.current)), [byScore]);
  const sorted = byScore.scores;
  const lastLabels = useRef<{ pairs: ScoredPair[]; labels: Labeled[] }>(undefined);
  const labels = useMemo(() => (lastLabels.current = { pairs, labels: reviewerLabels(pairs, lastLabels.current) }).labels, [pairs]);
  const curve = useMemo(() => precisionRecallCurve(labels), [labels]);
  const suggestionRule = useMemo<SuggestionRule>(() => (rule === 'best-f1' ? { rule } : { rule, precision: targetPrecision }), [rule, targetPrecision]);
  const suggestion = useSuggestion(labels, suggestionRule);
  // The saved cut is the starting point whenever a dataset opens.
  useEffect(() => {
    if (cut.data) set({ model: cut.data.model, mode: cut.data.mode, value: cut.data.value, topFraction: cut.data.topFraction ?? 0.8 });
    else if (cut.data === null) set({ value: null });
  }, [cut.data, set]);
  const median = sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
  const shown = mode === 'top' ? thresholdForTopFraction(sorted, topFraction) : (value ?? median);
  return { pairs, byScore, pending, sorted, labels, curve, value: shown, suggestion, models };
}

let suggester: Comlink.Remote<SuggestWorkerApi> | undefined;

/**
 * The suggestion for these labels, computed in a worker (the last one stays on screen until the next arrives; an
 * answer for labels that changed meanwhile is dropped). Without workers (tests) it is computed here.
 */
function useSuggestion(labels: Labeled[], rule: SuggestionRule): Suggestion | undefined {
  const [suggestion, setSuggestion] = useState<Suggestion | undefined>();
  useEffect(() => {
    const accepted = labels.filter((l) => l.accepted).length;
    if (!accepted || accepted === labels.length) return setSuggestion(undefined);
    if (typeof Worker === 'undefined') return setSuggestion(suggestThreshold(labels, rule));
    let current = true;
    suggester ??= Comlink.wrap<SuggestWorkerApi>(new Worker(new URL('../worker/suggest.worker.ts', import.meta.url), { type: 'module' }));
    suggester.suggest(labels, rule).then(
      (s) => current && setSuggestion(s),
      () => current && setSuggestion(suggestThreshold(labels, rule)),
    );
    return () => {
      current = false;
    };
  }, [labels, rule]);
  return suggestion;
}

import { describe, expect, it } from 'vitest';
import { recordChange } from '../listChange.ts';
import type { Item, ReviewStatus } from '../model.ts';
import { rng } from '../random.ts';
import { nextMostInformative } from './scans.ts';
import { keptIndex, nearestKept, type ScoreOrder, scoreOrder } from './threshold.ts';
import { type ItemCounts, itemCounts, reviewerLabels, type ScoredPair, scoredPairs, type StatusHistogram, statusHistogram } from './view.ts';

const STATUSES: ReviewStatus[] = ['pending', 'accepted', 'rejected'];

/** Items of every kind; most pairs scored by `m`, a few by another model only, some not at all. */
function makeItems(n: number, r: () => number): Item[] {
  return Array.from({ length: n }, (_, seq) => {
    const kind = r() < 0.8 ? 'pair' : r() < 0.5 ? 'image' : 'text';
    const scored = r();
    const scores = scored < 0.7 ? { m: Math.round(r() * 60) / 60, o: r() } : scored < 0.8 ? { o: r() } : undefined;
    return { id: `i${seq}`, datasetId: 'd', seq, kind, captions: [], status: 'pending', source: { file: 'f', row: seq }, scores } as Item;
  });
}

/** A decision on a few items, as withReplaced makes it: new objects there, the positions recorded. */
function decide(items: Item[], r: () => number): Item[] {
  const at = Array.from({ length: 1 + Math.floor(r() * 3) }, () => Math.floor(r() * items.length));
  const out = items.slice();
  for (const k of at) {
    const status = STATUSES[Math.floor(r() * 3)];
    out[k] = { ...out[k], status, decision: status === 'pending' ? undefined : { status, by: 'x', at: 't', via: r() < 0.2 ? 'bulk' : undefined } };
  }
  return recordChange(out, items, at);
}

describe('what a decision changes, patched where the list changed', () => {
  it('equals deriving it all again, through a run of decisions (some two before the next derivation)', () => {
    const r = rng(7);
    // More pairs than one block of the undecided pairs' counts (1,024 positions).
    let items = makeItems(3000, r);
    const isPending = (p: ScoredPair) => p.status === 'pending';
    let pairs = scoredPairs(items, 'm');
    let last = { items, model: 'm', pairs };
    let order: ScoreOrder<ScoredPair> = scoreOrder(pairs);
    let pending = keptIndex(order, isPending);
    let labels = { pairs, labels: reviewerLabels(pairs) };
    let hist: StatusHistogram = statusHistogram(pairs, 20);
    let counts: { items: Item[]; counts: ItemCounts } = { items, counts: itemCounts(items) };
    let patchedPairs = 0;
    for (let step = 0; step < 60; step++) {
      items = decide(items, r);
      if (step % 5 === 4) items = decide(items, r);
      const next = scoredPairs(items, 'm', last);
      const fresh = scoredPairs(items, 'm');
      expect(next).toEqual(fresh);
      // Patched, not derived again: the pairs of unchanged items are the same objects.
      if (next.length && next[0] === last.pairs[0] && next[next.length - 1] === last.pairs[last.pairs.length - 1]) patchedPairs++;
      const nextOrder = scoreOrder(next, order);
      expect(nextOrder.at).toBe(order.at);
      expect(nextOrder).toEqual(scoreOrder(fresh));
      // The undecided pairs: patched in place (the same arrays), and as one made afresh, to the nearest at each score.
      const nextPending = keptIndex(nextOrder, isPending, pending);
      expect(nextPending.kept).toBe(pending.kept);
      const freshPending = keptIndex(scoreOrder(fresh), isPending);
      expect(nextPending.kept).toEqual(freshPending.kept);
      expect(nextPending.counts).toEqual(freshPending.counts);
      for (let t = -0.05; t <= 1.05; t += 0.1) expect(nearestKept(nextPending, t)).toEqual(nextMostInformative(fresh.filter(isPending), t));
      const nextLabels = reviewerLabels(next, labels);
      expect(nextLabels).toEqual(reviewerLabels(fresh));
      const nextHist = statusHistogram(next, 20, hist);
      expect(nextHist.all).toBe(hist.all);
      expect(nextHist).toEqual({ ...statusHistogram(fresh, 20), pairs: next });
      const nextCounts = itemCounts(items, counts);
      expect(nextCounts).toEqual(itemCounts(items));
      last = { items, model: 'm', pairs: next };
      order = nextOrder;
      pending = nextPending;
      labels = { pairs: next, labels: nextLabels };
      hist = nextHist;
      counts = { items, counts: nextCounts };
    }
    expect(patchedPairs).toBe(60);
    expect(labels.labels.length).toBeGreaterThan(10);
  });

  it('derives it all again where a change is not only a decision: a new score, a pair scored for the first time, another model', () => {
    const r = rng(3);
    const items = makeItems(200, r);
    const pairs = scoredPairs(items, 'm');
    const last = { items, model: 'm', pairs };
    const order = scoreOrder(pairs);
    const hist = statusHistogram(pairs, 20);
    const k = items.findIndex((i) => i.kind === 'pair' && i.scores?.m !== undefined);
    const rescored = recordChange(items.slice(), items, [k]);
    rescored[k] = { ...items[k], scores: { ...items[k].scores, m: 2 } };
    const again = scoredPairs(rescored, 'm', last);
    expect(again).toEqual(scoredPairs(rescored, 'm'));
    expect(again.find((p) => p.id === items[k].id)?.score).toBe(2);
    expect(scoreOrder(again, order).at).not.toBe(order.at);
    expect(scoreOrder(again, order)).toEqual(scoreOrder(scoredPairs(rescored, 'm')));
    const h = statusHistogram(again, 20, hist);
    expect(h.all.max).toBe(2);
    expect(h).toEqual(statusHistogram(scoredPairs(rescored, 'm'), 20));
    const u = items.findIndex((i) => i.kind === 'pair' && i.scores?.m === undefined);
    const firstScored = recordChange(items.slice(), items, [u]);
    firstScored[u] = { ...items[u], scores: { m: 0.5 } };
    expect(scoredPairs(firstScored, 'm', last)).toEqual(scoredPairs(firstScored, 'm'));
    expect(scoredPairs(firstScored, 'm', last)).toHaveLength(pairs.length + 1);
    expect(scoredPairs(items, 'o', last)).toEqual(scoredPairs(items, 'o'));
  });
});

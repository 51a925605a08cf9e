import { describe, expect, it } from 'vitest';
import { borderline, nextMostInformative, sortedScores } from './scans.ts';
import {
  borderlineIn,
  type ScoreOrder,
  scoreOrder,
  keptIndex,
  nearestKept,
  countAtThreshold,
  histogram,
  lowerBound,
  precisionRecallCurve,
  rankDisagreement,
  suggestThreshold,
  thresholdForTopFraction,
  wilson,
} from './threshold.ts';

/** Every item of an order, in score order. */
const itemsInOrder = <T>(o: ScoreOrder<T>): T[] => Array.from(o.at, (i) => o.source[i]);

describe('histogram and counts', () => {
  it('bins scores, the maximum into the last bin', () => {
    const h = histogram([0, 0.1, 0.25, 0.5, 0.75, 1], 4, [0, 1]);
    expect(h.counts).toEqual([2, 1, 1, 2]);
    expect(h.width).toBe(0.25);
  });

  it('counts kept (≥ t) and dropped (< t) by binary search', () => {
    const s = sortedScores([0.3, 0.1, 0.2, 0.2, 0.4]);
    expect(Array.from(s)).toEqual([0.1, 0.2, 0.2, 0.3, 0.4]);
    expect(lowerBound(s, 0.2)).toBe(1);
    expect(countAtThreshold(s, 0.2)).toEqual({ kept: 4, dropped: 1 });
    expect(countAtThreshold(s, 0.25)).toEqual({ kept: 2, dropped: 3 });
    expect(countAtThreshold(s, 1)).toEqual({ kept: 0, dropped: 5 });
  });

  it('finds the cut that keeps the top X% (DataComp)', () => {
    const s = sortedScores([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]);
    expect(thresholdForTopFraction(s, 0.3)).toBe(0.8);
    expect(countAtThreshold(s, thresholdForTopFraction(s, 0.3)).kept).toBe(3);
    expect(thresholdForTopFraction(s, 1)).toBe(0.1);
  });
});

describe('precision and recall against decisions', () => {
  // Hand-checked: accepted at 0.9, 0.7, 0.4; rejected at 0.8, 0.3, 0.1.
  const labeled = [
    { score: 0.9, accepted: true },
    { score: 0.8, accepted: false },
    { score: 0.7, accepted: true },
    { score: 0.4, accepted: true },
    { score: 0.3, accepted: false },
    { score: 0.1, accepted: false },
  ];

  it('computes the curve at every labeled score', () => {
    const c = precisionRecallCurve(labeled);
    expect(c.map((p) => p.t)).toEqual([0.1, 0.3, 0.4, 0.7, 0.8, 0.9]);
    // t = 0.4 keeps 0.4, 0.7, 0.8, 0.9: tp 3, fp 1 -> precision 0.75, recall 1.
    expect(c[2]).toMatchObject({ tp: 3, fp: 1, fn: 0, tn: 2, precision: 0.75, recall: 1 });
    expect(c[2].f1).toBeCloseTo(6 / 7, 10);
    // t = 0.8 keeps 0.8, 0.9: precision 0.5, recall 1/3.
    expect(c[4]).toMatchObject({ tp: 1, fp: 1, precision: 0.5 });
    expect(c[4].recall).toBeCloseTo(1 / 3, 10);
  });

  it('suggests the best-F1 cut, or the lowest cut reaching a precision, with how many decisions back it', () => {
    const f1 = suggestThreshold(labeled, { rule: 'best-f1' })!;
    expect(f1.t).toBe(0.4);
    expect(f1).toMatchObject({ decisions: 6, accepted: 3 });
    const p = suggestThreshold(labeled, { rule: 'min-precision', precision: 1 })!;
    expect(p.t).toBe(0.9);
    expect(
      suggestThreshold(
        labeled.filter((l) => l.accepted),
        { rule: 'best-f1' },
      ),
    ).toBeUndefined();
  });

  it('gives an uncertainty range that narrows with more decisions', () => {
    const r = (() => {
      let a = 7;
      return () => (a = (a * 16807) % 2147483647) / 2147483647;
    })();
    const make = (n: number) =>
      Array.from({ length: n }, () => {
        const accepted = r() < 0.5;
        return { accepted, score: accepted ? 0.6 + r() * 0.3 : 0.2 + r() * 0.3 };
      });
    const few = suggestThreshold(make(10), { rule: 'best-f1' })!;
    const many = suggestThreshold(make(400), { rule: 'best-f1' })!;
    expect(few.tRange[0]).toBeLessThanOrEqual(few.t + 1e-12);
    expect(many.tRange[1] - many.tRange[0]).toBeLessThan(few.tRange[1] - few.tRange[0] + 1e-9);
    expect(many.t).toBeGreaterThan(0.45);
    expect(many.t).toBeLessThan(0.65);
  });

  it('computes Wilson intervals (hand-checked: 8/10 -> [0.490, 0.943])', () => {
    const [lo, hi] = wilson(8, 10);
    expect(lo).toBeCloseTo(0.4902, 3);
    expect(hi).toBeCloseTo(0.9433, 3);
    expect(wilson(0, 0)).toEqual([0, 1]);
  });
});

describe('where to look next', () => {
  const items = [0.1, 0.25, 0.29, 0.31, 0.33, 0.6].map((score, i) => ({ id: i, score }));

  it('lists the pairs just above and just below the cut, nearest first', () => {
    const b = borderline(items, 0.3, 2);
    expect(b.above.map((i) => i.score)).toEqual([0.31, 0.33]);
    expect(b.below.map((i) => i.score)).toEqual([0.29, 0.25]);
  });

  it('picks the borderline pairs a stable sort would, ties included', () => {
    const r = (seed: number) => () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const next = r(11);
    const many = Array.from({ length: 300 }, (_, i) => ({ i, score: Math.round(next() * 40) / 40 }));
    for (const t of [0, 0.3, 0.5, 0.51, 1.1])
      for (const k of [1, 4, 50]) {
        const sorted = {
          above: many
            .filter((x) => x.score >= t)
            .sort((a, b) => a.score - b.score)
            .slice(0, k),
          below: many
            .filter((x) => x.score < t)
            .sort((a, b) => b.score - a.score)
            .slice(0, k),
        };
        expect(borderline(many, t, k)).toEqual(sorted);
        // Put in score order once, the binary searches pick the same.
        expect(borderlineIn(scoreOrder(many), t, k)).toEqual(sorted);
      }
    expect(borderlineIn(scoreOrder(many), 0.5, 0)).toEqual({ above: [], below: [] });
  });

  it('finds the pair nearest the cut in score order as the scan does, of equals the earliest', () => {
    const r = (seed: number) => () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const next = r(5);
    for (const n of [0, 1, 7, 300]) {
      // Scores on a grid of quarters, cuts halfway between: ties in score and in distance both happen.
      const many = Array.from({ length: n }, (_, i) => ({ i, score: Math.round(next() * 8) / 4 - 1 }));
      const order = scoreOrder(many);
      const all = keptIndex(order, () => true);
      for (let t = -1.25; t <= 1.25; t += 0.125) expect(nearestKept(all, t)).toBe(nextMostInformative(many, t));
    }
    // Scores that are not numbers are left out of the order.
    expect(itemsInOrder(scoreOrder([{ score: Number.NaN }, { score: 0.2 }]))).toEqual([{ score: 0.2 }]);
  });

  it('reuses an earlier order when only statuses changed, and takes the undecided out of it without a sort', () => {
    const r = (seed: number) => () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const next = r(9);
    const many = Array.from({ length: 5000 }, (_, i) => ({ i, score: Math.round(next() * 40) / 40, status: next() < 0.3 ? 'accepted' : 'pending' }));
    const first = scoreOrder(many);
    // A decision: new objects, same scores. The permutation is reused and the result equals a fresh sort.
    const decided = many.map((p, i) => (i === 17 ? { ...p, status: 'rejected' } : { ...p }));
    const reused = scoreOrder(decided, first);
    expect(reused.at).toBe(first.at);
    expect(reused).toEqual(scoreOrder(decided));
    // A changed score sorts again.
    const rescored = decided.map((p, i) => (i === 3 ? { ...p, score: 2 } : p));
    expect(scoreOrder(rescored, first).at).not.toBe(first.at);
    expect(scoreOrder(rescored, first)).toEqual(scoreOrder(rescored));
    // The undecided part of the order answers as a scan over the undecided does.
    const pending = keptIndex(reused, (p) => p.status === 'pending');
    const undecided = decided.filter((p) => p.status === 'pending');
    for (let t = -0.1; t <= 1.1; t += 0.0125) expect(nearestKept(pending, t)).toBe(nextMostInformative(undecided, t));
  });

  it('finds the undecided pair nearest a score where few are left, far apart, past blocks with none', () => {
    const r = (seed: number) => () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const next = r(5);
    const many = Array.from({ length: 6000 }, (_, i) => ({ i, score: Math.round(next() * 400) / 400, status: 'accepted' }));
    for (const i of [11, 2999, 5990]) many[i].status = 'pending';
    const pending = keptIndex(scoreOrder(many), (p) => p.status === 'pending');
    const undecided = many.filter((p) => p.status === 'pending');
    for (let t = -0.1; t <= 1.1; t += 0.01) expect(nearestKept(pending, t)).toBe(nextMostInformative(undecided, t));
    expect(
      nearestKept(
        keptIndex(scoreOrder(many), () => false),
        0.5,
      ),
    ).toBeUndefined();
    // At the edges of the blocks (1,024 positions): the last of one, the first of another.
    const rising = Array.from({ length: 6000 }, (_, i) => ({ i, score: i / 6000, status: i === 1023 || i === 4096 ? 'pending' : 'accepted' }));
    const edges = keptIndex(scoreOrder(rising), (p) => p.status === 'pending');
    for (let t = 0; t <= 1; t += 0.01) expect(nearestKept(edges, t)).toBe(nextMostInformative([rising[1023], rising[4096]], t));
  });

  it('suggests the undecided pair closest to the cut', () => {
    expect(nextMostInformative(items, 0.32)?.score).toBe(0.31);
    expect(nextMostInformative([], 0.3)).toBeUndefined();
  });

  it('ranks model disagreement by percentile rank, not raw cosine', () => {
    // Model b scores on another scale but orders the first three the same; the last pair flips.
    const d = rankDisagreement([0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.1]);
    [1 / 3, 1 / 3, 1 / 3, 1].forEach((v, i) => expect(d[i]).toBeCloseTo(v, 12));
  });
});

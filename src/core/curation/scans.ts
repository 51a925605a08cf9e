// Reference scans: the plain forms of questions the app answers faster elsewhere. The tests hold the fast forms to
// these (threshold.test.ts), and bench/threshold.bench.ts times them as the "before". The app does not call them.

import { keepBest } from '../order.ts';

/** Scores sorted ascending (the app orders its pairs once with scoreOrder). */
export function sortedScores(scores: ArrayLike<number>): Float64Array {
  return Float64Array.from(scores).sort();
}

/**
 * The `k` items just above and just below the cut, nearest first, of equal scores the earlier first, by one pass over
 * every item (borderlineIn answers it by binary search).
 */
export function borderline<T extends { score: number }>(items: T[], t: number, k: number): { above: T[]; below: T[] } {
  const above: T[] = [];
  const below: T[] = [];
  if (k <= 0) return { above, below };
  for (const i of items) {
    if (i.score >= t) keepBest(above, i, k, (a, b) => a.score < b.score);
    else if (i.score < t) keepBest(below, i, k, (a, b) => a.score > b.score);
  }
  return { above, below };
}

/** The undecided item closest to the cut, of equals the first, by one pass (threshold.ts's nearestKept answers it by binary search). */
export function nextMostInformative<T extends { score: number }>(undecided: T[], t: number): T | undefined {
  let best: T | undefined;
  for (const u of undecided) if (!best || Math.abs(u.score - t) < Math.abs(best.score - t)) best = u;
  return best;
}

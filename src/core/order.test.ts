import { describe, expect, it } from 'vitest';
import { keepBest, rankBy, sortByKey } from './order.ts';
import { rng } from './random.ts';

describe('keepBest', () => {
  it('keeps the k best in the order a stable sort gives, ties to the item offered first', () => {
    const r = rng(7);
    for (const k of [0, 1, 3, 10, 50]) {
      // Few distinct values, so ties are common; `at` tells equal values apart.
      const items = Array.from({ length: 40 }, (_, at) => ({ v: Math.floor(r() * 6), at }));
      const list: typeof items = [];
      for (const item of items) keepBest(list, item, k, (a, b) => a.v > b.v);
      const sorted = [...items].sort((a, b) => b.v - a.v).slice(0, k);
      expect(list.map((x) => x.at)).toEqual(sorted.map((x) => x.at));
    }
  });

  it('leaves the list alone when the item ranks below a full list', () => {
    const list = [5, 4, 3];
    keepBest(list, 3, 3, (a, b) => a > b);
    keepBest(list, 1, 3, (a, b) => a > b);
    expect(list).toEqual([5, 4, 3]);
    keepBest(list, 6, 3, (a, b) => a > b);
    expect(list).toEqual([6, 5, 4]);
  });
});

describe('sortByKey', () => {
  it('orders as a comparator sort does, keeping ties (and missing keys) in their order', () => {
    const r = rng(3);
    const items = Array.from({ length: 500 }, (_, i) => ({ i, s: r() < 0.2 ? undefined : Math.round(r() * 20) }));
    const key = (x: { s?: number }) => -(x.s ?? -Infinity);
    const expected = [...items].sort((a, b) => (b.s ?? -Infinity) - (a.s ?? -Infinity) || a.i - b.i);
    expect(sortByKey(items, key).map((x) => x.i)).toEqual(expected.map((x) => x.i));
    // Items without a score go last, in import order.
    const tail = sortByKey(items, key).filter((x) => x.s === undefined);
    expect(tail.map((x) => x.i)).toEqual(items.filter((x) => x.s === undefined).map((x) => x.i));
    expect(sortByKey([], key)).toEqual([]);
  });

  it('sorts many distinct keys (no buckets) the same way', () => {
    const r = rng(4);
    const items = Array.from({ length: 2000 }, (_, i) => ({ i, s: r() < 0.1 ? undefined : r() }));
    const expected = [...items].sort((a, b) => (a.s ?? -Infinity) - (b.s ?? -Infinity) || a.i - b.i);
    expect(sortByKey(items, (x) => x.s ?? -Infinity).map((x) => x.i)).toEqual(expected.map((x) => x.i));
  });

  it('sorts past the radix cut-off the same way: negatives, -0 against 0, infinities, ties in their order', () => {
    const r = rng(5);
    const pick = (): number => {
      const x = r();
      if (x < 0.1) return -Infinity;
      if (x < 0.12) return Infinity;
      if (x < 0.15) return r() < 0.5 ? -0 : 0;
      if (x < 0.25) return [0.5, -0.5, 1e-300][Math.floor(r() * 3)];
      return (r() - 0.5) * 10;
    };
    const items = Array.from({ length: 20_000 }, (_, i) => ({ i, s: pick() }));
    // The comparator treats -0 and 0 as equal; infinities against themselves give NaN, so ties by order there too.
    const expected = [...items].sort((a, b) => (a.s === b.s ? 0 : a.s - b.s) || a.i - b.i);
    expect(sortByKey(items, (x) => x.s).map((x) => x.i)).toEqual(expected.map((x) => x.i));
  });
});

describe('rankBy', () => {
  it('gives what filtering and sorting by the rank gives: ranks ascending, ties in item order, unranked keys left out', () => {
    const r = rng(11);
    for (const keys of [1, 5, 40]) {
      // Ranks with ties between keys, keys the map does not know, and items with no key.
      const rank = new Map<string, number>();
      for (let k = 0; k < keys; k++) if (r() < 0.8) rank.set(`k${k}`, Math.floor(r() * 4) - 2 + (r() < 0.5 ? 0.5 : 0));
      const items = Array.from({ length: 500 }, (_, at) => ({ at, key: r() < 0.1 ? undefined : `k${Math.floor(r() * keys)}` }));
      const expected = sortByKey(
        items.filter((i) => i.key !== undefined && rank.has(i.key)),
        (i) => rank.get(i.key!)!,
      );
      const got = rankBy(items, (i) => i.key, rank);
      expect(got.map((i) => i.at)).toEqual(expected.map((i) => i.at));
      expect(got.length).toBeLessThan(items.length);
    }
  });

  it('ranks nothing when the map is empty', () => {
    expect(rankBy([{ key: 'a' }], (i) => i.key, new Map())).toEqual([]);
  });
});

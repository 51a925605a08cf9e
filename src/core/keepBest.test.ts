import { describe, expect, it } from 'vitest';
import { keepBest } from './keepBest.ts';
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

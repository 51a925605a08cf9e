import { describe, expect, it } from 'vitest';
import { rng } from '../random.ts';
import { sortByKey } from './filters.ts';

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
});

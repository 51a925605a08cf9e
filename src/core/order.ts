// Orders over many items: the k best of a stream in one pass (a bounded insertion, cheaper than sorting everything
// when k is small: search's top results), and a sort by a key worked out once per item (the grid's orders, the
// threshold's pairs by score).

/**
 * Put `item` into `list` (at most `k` long, best first) when it is among the `k` best seen so far. `before(a, b)`:
 * a ranks strictly above b. Of equal items the one offered first stays ahead, as a stable sort keeps it.
 */
export function keepBest<T>(list: T[], item: T, k: number, before: (a: T, b: T) => boolean): void {
  if (k <= 0 || (list.length >= k && !before(item, list[k - 1]))) return;
  let at = list.length >= k ? k - 1 : list.length;
  if (list.length < k) list.push(item);
  while (at > 0 && before(item, list[at - 1])) {
    list[at] = list[at - 1];
    at--;
  }
  list[at] = item;
}

/**
 * Indices 0..n-1 in ascending order of a numeric key worked out once per index; ties keep their order. A comparator
 * that looks the key up costs two lookups per comparison: at a million items, seconds (bench/million.bench.ts). Few
 * distinct keys (many items sharing one score) are counted into buckets (byGroup) instead of sorted.
 */
export function orderByKey(n: number, key: (index: number) => number): Uint32Array {
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = key(i);
  const distinct = new Set<number>();
  const few = Math.max(16, n >> 3);
  for (let i = 0; i < n && distinct.size <= few; i++) distinct.add(keys[i]);
  if (distinct.size <= few) {
    const groupOf = new Map<number, number>();
    [...distinct].sort((a, b) => a - b).forEach((k, g) => groupOf.set(k, g));
    const group = new Int32Array(n);
    for (let i = 0; i < n; i++) group[i] = groupOf.get(keys[i])!;
    return byGroup(group, groupOf.size);
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < RADIX_FROM) {
    // Equal keys (and -Infinity against -Infinity, whose difference is NaN) fall back to the original order.
    return order.sort((a, b) => keys[a] - keys[b] || a - b);
  }
  return radixOrder(keys, order);
}

/** Below this many items a comparator sort beats the radix sort's four passes over 65,536 counters. */
const RADIX_FROM = 4096;

/**
 * A stable LSD radix sort of `order` (the indices 0..n-1) by the keys' bits, 16 at a time: a comparator sort of a
 * million distinct keys took 2-4x as long (bench/threshold.bench.ts, runs under load). The bits are made to order as the
 * numbers do (the sign bit flipped for positives, every bit for negatives; -0 counts as 0; NaN goes last).
 */
function radixOrder(keys: Float64Array, order: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const n = keys.length;
  const bits = new Float64Array(n);
  for (let i = 0; i < n; i++) bits[i] = keys[i] + 0;
  const u = new Uint32Array(bits.buffer);
  const little = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  const [LO, HI] = little ? [0, 1] : [1, 0];
  for (let i = 0; i < n; i++) {
    const hi = u[2 * i + HI];
    if (hi & 0x80000000) {
      u[2 * i + HI] = ~hi;
      u[2 * i + LO] = ~u[2 * i + LO];
    } else u[2 * i + HI] = hi | 0x80000000;
  }
  let from = order;
  let to = new Uint32Array(n);
  const count = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? LO : HI;
    const shift = (pass & 1) * 16;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(u[2 * i + word] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let k = 0; k < n; k++) {
      const i = from[k];
      to[count[(u[2 * i + word] >>> shift) & 0xffff]++] = i;
    }
    [from, to] = [to, from];
  }
  return from;
}

/**
 * The items whose key `rank` knows, in ascending order of that rank (equal ranks keep the items' order), the others
 * left out: the same list as filtering and then `sortByKey`, with one map lookup an item. A search ranks a million
 * items by the scores of their 1,000 images, and the near-duplicate view by cluster: at a million items in Node, a
 * median of 261–331 ms for the filter and sort against 71–109 ms (`bench/rank.bench.ts`, three runs; 636 against 110
 * beside a training run).
 */
export function rankBy<T, K>(items: readonly T[], keyOf: (item: T) => K | undefined, rank: ReadonlyMap<K, number>): T[] {
  // Each distinct rank a group, numbered in ascending order; each key its group.
  const ranks = [...new Set(rank.values())].sort((a, b) => a - b || (Number.isNaN(a) ? 1 : 0) - (Number.isNaN(b) ? 1 : 0));
  const groupOfRank = new Map<number, number>();
  ranks.forEach((r, g) => groupOfRank.set(r, g));
  const groupOf = new Map<K, number>();
  for (const [k, r] of rank) groupOf.set(k, groupOfRank.get(r)!);
  const group = new Int32Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const k = keyOf(items[i]);
    const g = k === undefined ? undefined : groupOf.get(k);
    group[i] = g === undefined ? -1 : g;
  }
  const order = byGroup(group, ranks.length);
  const out = new Array<T>(order.length);
  for (let k = 0; k < order.length; k++) out[k] = items[order[k]];
  return out;
}

/**
 * A counting sort: the indices whose group (0 to groups - 1) is not -1, in ascending order of group, each group's in
 * index order: orderByKey's few distinct keys and rankBy's ranks.
 */
function byGroup(group: Int32Array, groups: number): Uint32Array {
  const start = new Int32Array(groups + 1);
  for (let i = 0; i < group.length; i++) if (group[i] >= 0) start[group[i] + 1]++;
  for (let g = 1; g <= groups; g++) start[g] += start[g - 1];
  const order = new Uint32Array(start[groups]);
  for (let i = 0; i < group.length; i++) if (group[i] >= 0) order[start[group[i]]++] = i;
  return order;
}

/** Items in ascending order of a numeric key worked out once per item (orderByKey); ties keep their order. */
export function sortByKey<T>(items: readonly T[], key: (item: T, index: number) => number): T[] {
  const order = orderByKey(items.length, (i) => key(items[i], i));
  const out = new Array<T>(order.length);
  for (let k = 0; k < order.length; k++) out[k] = items[order[k]];
  return out;
}

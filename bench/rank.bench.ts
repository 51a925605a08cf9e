// npx tsx bench/rank.bench.ts: a search's ranking of the grid at a million items (ITEMS), in Node. The items name
// 1,000 images (IMAGES); a search scores each image, and the grid shows the items with a scored image, best first,
// ties in item order. The filter and sort by a key per item (what the grid did) against core/order.ts's rankBy (one
// lookup an item), interleaved, five rounds; the near-duplicate view's order by cluster the same way. Prints figures;
// asserts nothing but that both give the same list.

import { rankBy, sortByKey } from '../src/core/order.ts';
import { rng } from '../src/core/random.ts';

const N = Number(process.env.ITEMS ?? 1_000_000);
const IMAGES = Number(process.env.IMAGES ?? 1_000);
const r = rng(5);
const hashes = Array.from({ length: IMAGES }, (_, i) => i.toString(16).padStart(64, '0'));
// Some items have no image (lone texts).
const items = Array.from({ length: N }, (_, seq) => ({ seq, imageHash: r() < 0.02 ? undefined : hashes[Math.floor(r() * IMAGES)] }));
const scores = new Map(hashes.map((h) => [h, Math.fround(r())]));
// Near-duplicate clusters: a tenth of the images, in clusters of two to five.
const clusters = new Map<string, number>();
for (let i = 0; i < IMAGES / 10; i++) clusters.set(hashes[i], Math.floor(i / 3));

const bySort = () =>
  sortByKey(
    items.filter((i) => i.imageHash && scores.has(i.imageHash)),
    (i) => -scores.get(i.imageHash!)!,
  );
const byRank = () => rankBy(items, (i) => i.imageHash, new Map([...scores].map(([h, s]) => [h, -s])));
const clustersBySort = () =>
  sortByKey(
    items.filter((i) => i.imageHash && clusters.has(i.imageHash)),
    (i) => clusters.get(i.imageHash!)!,
  );
const clustersByRank = () => rankBy(items, (i) => i.imageHash, clusters);

function time<T>(f: () => T): { ms: number; out: T } {
  const t0 = performance.now();
  const out = f();
  return { ms: performance.now() - t0, out };
}
const same = (a: { seq: number }[], b: { seq: number }[]) => a.length === b.length && a.every((x, i) => x.seq === b[i].seq);

const rounds: Record<string, number[]> = { searchSort: [], searchRank: [], clustersSort: [], clustersRank: [] };
for (let round = 0; round < 5; round++) {
  const a = time(bySort);
  const b = time(byRank);
  const c = time(clustersBySort);
  const d = time(clustersByRank);
  if (!same(a.out, b.out) || !same(c.out, d.out)) throw new Error('rankBy gave another order than the sort');
  rounds.searchSort.push(a.ms);
  rounds.searchRank.push(b.ms);
  rounds.clustersSort.push(c.ms);
  rounds.clustersRank.push(d.ms);
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
const figures = Object.fromEntries(Object.entries(rounds).map(([k, xs]) => [`${k}MedianMs`, Math.round(median(xs))]));
console.log(
  JSON.stringify({
    bench: 'rank',
    items: N,
    images: IMAGES,
    ...figures,
    searchSortOverRank: Math.round((median(rounds.searchSort) / median(rounds.searchRank)) * 100) / 100,
    clustersSortOverRank: Math.round((median(rounds.clustersSort) / median(rounds.clustersRank)) * 100) / 100,
    rounds: Object.fromEntries(Object.entries(rounds).map(([k, xs]) => [k, xs.map((x) => Math.round(x))])),
  }),
);

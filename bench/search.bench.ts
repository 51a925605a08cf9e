// Search over packed image embeddings (src/core/search/rank.ts), as the scoring worker runs it once its index is
// built: two models of DIM dimensions (default 256, the bundled ones' width; 64 before the ViT was retrained), the
// query's cosine with every image, the ensemble mean, and the ranking. Also the one-off cost of packing the index. Prints figures; asserts nothing.

import { buildIndex, ensembleScores, similarities, topK } from '../src/core/search/rank.ts';
import { rng } from '../src/core/random.ts';

const r = rng(5);
const DIM = Number(process.env.DIM ?? 256);
const vec = (dim: number) => Float32Array.from({ length: dim }, () => r() - 0.5);

for (const n of [100_000, 1_000_000]) {
  const hashes = Array.from({ length: n }, (_, i) => `h${i}`);
  const t0 = performance.now();
  const vectors = hashes.map(() => vec(DIM));
  const t1 = performance.now();
  const indexes = [0, 1].map(() => buildIndex(hashes.map((h, i) => [h, vectors[i]])));
  const buildMs = performance.now() - t1;
  void t0;
  const times: number[] = [];
  for (let rep = 0; rep < 5; rep++) {
    const t = performance.now();
    const ranking = ensembleScores(indexes.map((index) => ({ index, scores: similarities(index, vec(DIM)) })));
    const best = topK(ranking, 50);
    times.push(performance.now() - t);
    if (ranking.hashes.length !== n || best.length !== 50) throw new Error('lost images');
  }
  times.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      bench: 'search',
      images: n,
      models: 2,
      dim: DIM,
      buildIndexMs: Math.round(buildMs),
      queryMsMedian: Math.round(times[2]),
      queryMsMin: Math.round(times[0]),
    }),
  );
}

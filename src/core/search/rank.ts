// Search over stored CLIP embeddings: a text prompt (its text embedding) or an image ("more like this": its image
// embedding) against every image of a dataset, per model, and the models' mean as the ensemble. Vectors are packed
// unit-length in one Float32Array per model, so a query is one pass of dot products (bench/search.bench.ts).

import { keepBest } from '../order.ts';

export interface EmbeddingIndex {
  /** Image content hashes, in row order. */
  hashes: string[];
  dim: number;
  /** hashes.length rows of dim floats, each of unit length. */
  vectors: Float32Array;
}

/** Scores per image, in the order of `hashes`. */
export interface Ranking {
  hashes: string[];
  scores: Float32Array;
}

/** Pack embeddings (hash, vector) into an index; entries without a vector are left out. */
export function buildIndex(entries: [string, ArrayLike<number> | undefined][]): EmbeddingIndex {
  const present = entries.filter((e): e is [string, ArrayLike<number>] => !!e[1]);
  const dim = present[0]?.[1].length ?? 0;
  const vectors = new Float32Array(present.length * dim);
  for (let i = 0, o = 0; i < present.length; i++, o += dim) {
    const v = present[i][1];
    let n = 0;
    for (let k = 0; k < dim; k++) n += v[k] * v[k];
    const s = 1 / (Math.sqrt(n) || 1);
    for (let k = 0; k < dim; k++) vectors[o + k] = v[k] * s;
  }
  return { hashes: present.map(([h]) => h), dim, vectors };
}

/** Cosine of every indexed image with the query vector. */
export function similarities(index: EmbeddingIndex, query: ArrayLike<number>): Float32Array {
  if (query.length !== index.dim) throw new Error(`the query has ${query.length} dimensions, the index ${index.dim}: embed it with the same model`);
  const { dim, vectors } = index;
  let n = 0;
  for (let k = 0; k < dim; k++) n += query[k] * query[k];
  const q = Float32Array.from(query, (x) => x / (Math.sqrt(n) || 1));
  const out = new Float32Array(index.hashes.length);
  for (let r = 0, o = 0; r < out.length; r++, o += dim) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += vectors[o + k] * q[k];
    out[r] = s;
  }
  return out;
}

const sameRows = (a: string[], b: string[]) => a === b || (a.length === b.length && a.every((h, i) => h === b[i]));

/** The mean of several models' similarities per image (an image some model has no embedding for is left out). */
export function ensembleScores(perModel: { index: EmbeddingIndex; scores: Float32Array }[]): Ranking {
  const first = perModel[0];
  if (!first) return { hashes: [], scores: new Float32Array() };
  // The usual case: every model indexed the same images in the same order — add the arrays.
  if (perModel.every((m) => sameRows(m.index.hashes, first.index.hashes))) {
    const scores = new Float32Array(first.scores.length);
    for (const m of perModel) for (let i = 0; i < scores.length; i++) scores[i] += m.scores[i] / perModel.length;
    return { hashes: first.index.hashes, scores };
  }
  const sum = new Map<string, { total: number; n: number }>();
  for (const { index, scores } of perModel)
    index.hashes.forEach((h, i) => {
      const s = sum.get(h) ?? { total: 0, n: 0 };
      s.total += scores[i];
      s.n++;
      sum.set(h, s);
    });
  const kept = [...sum].filter(([, s]) => s.n === perModel.length);
  return { hashes: kept.map(([h]) => h), scores: Float32Array.from(kept, ([, s]) => s.total / s.n) };
}

/** The k best (hash, score), best first (ties by hash): one pass keeping the best k, not a sort of everything. */
export function topK(ranking: Ranking, k: number): [string, number][] {
  const { hashes, scores } = ranking;
  const before = (a: number, b: number) => scores[a] > scores[b] || (scores[a] === scores[b] && hashes[a] < hashes[b]);
  const best: number[] = [];
  for (let i = 0; i < scores.length; i++) keepBest(best, i, k, before);
  return best.map((i) => [hashes[i], scores[i]]);
}

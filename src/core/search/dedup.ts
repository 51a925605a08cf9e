// Near-duplicates: images whose embeddings are near-identical (a re-encoded, resized, slightly cropped or brightened
// copy), found by the cosine of every pair of images (the mean over the models, as the ensemble scores), clustered by
// single linkage. Up to 5,000 images every pair is looked at (pruned by the first model); beyond, locality-sensitive
// hashing picks the pairs worth looking at (bench/dedup.bench.ts: the default threshold, the recall against exact,
// and the time at 10,000 and 100,000 images).

import { rng } from '../random.ts';
import type { EmbeddingIndex } from './rank.ts';

/**
 * The default cosine (mean over the models) at which two images count as copies: the best pairwise F1 (0.83:
 * precision 0.78, recall 0.89) on bench/dedup.bench.ts with the bundled models, over JPEG re-encodes, half-size,
 * 6%-cropped and 15%-brightened copies of 126 images. The tiny bundled models see composition, not pixels, so two
 * renders of the same scene description also land above it; a real CLIP separates copies from distinct photos better
 * (measure it: CC_MODELS=path npx tsx bench/dedup.bench.ts) and the threshold is a setting.
 */
export const DEFAULT_DEDUP_THRESHOLD = 0.95;

/** How "keep one per cluster" is named in a dataset's history; the export manifest reports it from there. */
export const NEAR_DUPLICATE_LABEL = 'keep one per near-duplicate cluster';

export interface DedupResult {
  /** Clusters of two or more image hashes, largest first; members in index order. */
  clusters: string[][];
  /** Pairs at or above the threshold (before clustering), for reports and benchmarks. */
  pairs: number;
  /** Images compared. */
  images: number;
}

/** The hashes every index holds, and each index's row for them. */
function align(indexes: EmbeddingIndex[]): { hashes: string[]; rows: Int32Array[] } {
  const [first, ...rest] = indexes;
  const maps = rest.map((ix) => new Map(ix.hashes.map((h, i) => [h, i])));
  const hashes: string[] = [];
  const firstRows: number[] = [];
  const restRows: number[][] = rest.map(() => []);
  first.hashes.forEach((h, i) => {
    const found = maps.map((m) => m.get(h));
    if (found.some((r) => r === undefined)) return;
    hashes.push(h);
    firstRows.push(i);
    found.forEach((r, k) => restRows[k].push(r!));
  });
  return { hashes, rows: [Int32Array.from(firstRows), ...restRows.map((r) => Int32Array.from(r))] };
}

export interface DedupOptions {
  /**
   * Compare every pair (exact) up to this many images; beyond, only pairs that share a bucket in one of several
   * random-hyperplane hash tables (locality-sensitive hashing on the first model), which finds pairs at cosine ≥ 0.95
   * with probability ≥ 0.99 (bench/dedup.bench.ts measures the recall against exact) at a fraction of the work.
   */
  exactUpTo?: number;
  tables?: number;
  bits?: number;
  seed?: number;
}

/** Clusters of near-identical images across the models' indexes (their mean cosine ≥ threshold). */
export function nearDuplicates(indexes: EmbeddingIndex[], threshold = DEFAULT_DEDUP_THRESHOLD, options: DedupOptions = {}): DedupResult {
  if (!indexes.length) return { clusters: [], pairs: 0, images: 0 };
  const { hashes, rows } = align(indexes);
  const n = hashes.length;
  const m = indexes.length;
  // With the first model's cosine c, the mean can reach at most (c + (m − 1)) / m: below the threshold, skip the rest.
  const firstNeeds = threshold * m - (m - 1);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const dot = (ix: EmbeddingIndex, a: number, b: number) => {
    const { dim, vectors } = ix;
    let s = 0;
    for (let k = 0, oa = a * dim, ob = b * dim; k < dim; k++) s += vectors[oa + k] * vectors[ob + k];
    return s;
  };
  /** Whether images i and j are copies; joins their clusters when they are. */
  const check = (i: number, j: number): boolean => {
    const c0 = dot(indexes[0], rows[0][i], rows[0][j]);
    if (c0 < firstNeeds) return false;
    let sum = c0;
    for (let k = 1; k < m; k++) sum += dot(indexes[k], rows[k][i], rows[k][j]);
    if (sum / m < threshold) return false;
    const ri = find(i);
    const rj = find(j);
    if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
    return true;
  };
  let pairs = 0;
  if (n <= (options.exactUpTo ?? 5000)) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (check(i, j)) pairs++;
  } else pairs = bucketedPairs(indexes[0], rows[0], options, check);
  const groups = new Map<number, string[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(hashes[i]);
    else groups.set(r, [hashes[i]]);
  }
  const clusters = [...groups.values()].filter((g) => g.length > 1).sort((a, b) => b.length - a.length);
  return { clusters, pairs, images: n };
}

/** Check the pairs that share a bucket in any of the hash tables; returns how many distinct pairs matched. */
function bucketedPairs(ix: EmbeddingIndex, rows: Int32Array, options: DedupOptions, check: (i: number, j: number) => boolean): number {
  const n = rows.length;
  const tables = options.tables ?? 10;
  const bits = options.bits ?? Math.max(4, Math.min(12, Math.round(Math.log2(n / 64))));
  const random = rng(options.seed ?? 13);
  const { dim, vectors } = ix;
  const matched = new Set<number>();
  const keys = new Int32Array(n);
  const order = new Int32Array(n);
  for (let t = 0; t < tables; t++) {
    const planes = Float32Array.from({ length: bits * dim }, () => random() - 0.5);
    for (let i = 0; i < n; i++) {
      let key = 0;
      const o = rows[i] * dim;
      for (let b = 0; b < bits; b++) {
        let s = 0;
        for (let d = 0; d < dim; d++) s += vectors[o + d] * planes[b * dim + d];
        if (s > 0) key |= 1 << b;
      }
      keys[i] = key;
      order[i] = i;
    }
    order.sort((a, b) => keys[a] - keys[b]);
    for (let start = 0; start < n; ) {
      let end = start + 1;
      while (end < n && keys[order[end]] === keys[order[start]]) end++;
      for (let a = start; a < end; a++)
        for (let b = a + 1; b < end; b++) {
          const i = Math.min(order[a], order[b]);
          const j = Math.max(order[a], order[b]);
          if (check(i, j)) matched.add(i * n + j);
        }
      start = end;
    }
  }
  return matched.size;
}

/** Images beyond one per cluster: what keeping one per cluster would reject. */
export const extraCopies = (clusters: string[][]) => clusters.reduce((n, c) => n + c.length - 1, 0);

/**
 * Which image of each cluster to keep: the reviewer's pick where there is one, else the one with the best score
 * (ties: the first). The others are the ones to reject.
 */
export function keepOnePerCluster(
  clusters: string[][],
  score: (hash: string) => number | undefined,
  picks: ReadonlyMap<number, string> = new Map(),
): { keep: string[]; reject: string[] } {
  const keep: string[] = [];
  const reject: string[] = [];
  clusters.forEach((members, c) => {
    const pick = picks.get(c);
    let best = pick && members.includes(pick) ? pick : members[0];
    if (!pick || !members.includes(pick))
      for (const h of members) if ((score(h) ?? Number.NEGATIVE_INFINITY) > (score(best) ?? Number.NEGATIVE_INFINITY)) best = h;
    keep.push(best);
    for (const h of members) if (h !== best) reject.push(h);
  });
  return { keep, reject };
}

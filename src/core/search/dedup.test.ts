import { describe, expect, it } from 'vitest';
import { rng } from '../random.ts';
import { keepOnePerCluster, nearDuplicates } from './dedup.ts';
import { buildIndex } from './rank.ts';

/** Two models' embeddings: 60 distinct images, the first 20 with two near-copies each. */
function data() {
  const r = rng(4);
  const hashes: string[] = [];
  const vectors: number[][][] = [[], []];
  for (let g = 0; g < 60; g++) {
    const base = [0, 1].map(() => Array.from({ length: 32 }, () => r() - 0.5));
    for (let c = 0; c < (g < 20 ? 3 : 1); c++) {
      hashes.push(`g${g}c${c}`);
      for (const m of [0, 1]) vectors[m].push(base[m].map((x) => x + (c ? (r() - 0.5) * 0.05 : 0)));
    }
  }
  return [0, 1].map((m) => buildIndex(hashes.map((h, i) => [h, vectors[m][i]])));
}

describe('near-duplicates', () => {
  it('clusters each image with its copies, exactly and through the hash tables alike', () => {
    const indexes = data();
    const exact = nearDuplicates(indexes, 0.95);
    expect(exact.images).toBe(100);
    expect(exact.clusters).toHaveLength(20);
    for (const c of exact.clusters) expect(new Set(c.map((h) => h.split('c')[0])).size).toBe(1);
    expect(exact.pairs).toBe(60);
    const hashed = nearDuplicates(indexes, 0.95, { exactUpTo: 0 });
    expect(hashed.clusters.map((c) => [...c].sort()).sort()).toEqual(exact.clusters.map((c) => [...c].sort()).sort());
    expect(hashed.pairs).toBe(60);
  });

  it('keeps the pick, else the best scoring, and rejects the rest', () => {
    const clusters = [
      ['a', 'b', 'c'],
      ['d', 'e'],
    ];
    const scores: Record<string, number> = { a: 0.2, b: 0.5, c: 0.1, d: 0.3, e: 0.9 };
    expect(keepOnePerCluster(clusters, (h) => scores[h])).toEqual({ keep: ['b', 'e'], reject: ['a', 'c', 'd'] });
    expect(keepOnePerCluster(clusters, (h) => scores[h], new Map([[1, 'd']]))).toEqual({ keep: ['b', 'd'], reject: ['a', 'c', 'e'] });
  });
});

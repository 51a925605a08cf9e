import { describe, expect, it } from 'vitest';
import { buildIndex, ensembleScores, similarities, topK } from './rank.ts';

describe('search over stored embeddings', () => {
  const index = buildIndex([
    ['red', [1, 0, 0]],
    ['green', [0, 2, 0]],
    ['mixed', [1, 1, 0]],
    ['none', undefined],
  ]);

  it('packs unit vectors and ranks by cosine', () => {
    expect(index.hashes).toEqual(['red', 'green', 'mixed']);
    const s = similarities(index, [3, 0, 0]);
    expect([...s].map((x) => +x.toFixed(4))).toEqual([1, 0, +Math.SQRT1_2.toFixed(4)]);
    expect(() => similarities(index, [1, 0])).toThrow('the query has 2 dimensions, the index 3');
  });

  it('averages the models and keeps only images every model has', () => {
    const other = buildIndex([
      ['red', [0, 1]],
      ['green', [1, 0]],
    ]);
    const scores = ensembleScores([
      { index, scores: similarities(index, [1, 0, 0]) },
      { index: other, scores: similarities(other, [1, 1]) },
    ]);
    expect([...scores.hashes].sort()).toEqual(['green', 'red']);
    const red = scores.scores[scores.hashes.indexOf('red')];
    expect(red).toBeCloseTo((1 + Math.SQRT1_2) / 2, 5);
    expect(topK(scores, 1)).toEqual([['red', red]]);
    // Models that indexed the same images in the same order: the arrays are added.
    const same = ensembleScores([
      { index, scores: Float32Array.from([1, 0, 0.5]) },
      { index, scores: Float32Array.from([0, 1, 0.5]) },
    ]);
    expect(same.hashes).toBe(index.hashes);
    expect([...same.scores]).toEqual([0.5, 0.5, 0.5]);
    expect(topK(same, 3).map(([h]) => h)).toEqual(['green', 'mixed', 'red']);
    expect(topK({ hashes: ['a', 'b', 'c', 'd'], scores: Float32Array.from([0.1, 0.9, 0.5, 0.7]) }, 10).map(([h]) => h)).toEqual(['b', 'd', 'c', 'a']);
    expect(topK({ hashes: ['a', 'b', 'c', 'd'], scores: Float32Array.from([0.1, 0.9, 0.5, 0.7]) }, 2).map(([h]) => h)).toEqual(['b', 'd']);
  });
});

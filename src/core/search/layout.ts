// A 2-D map of the image embeddings: UMAP (umap-js) on the models' joint embedding (each model's unit vector, side
// by side, scaled so that a dot product is the mean of the models' cosines). Up to `fitLimit` images are laid out by
// UMAP itself; beyond that a seeded sample is, and every other image is placed among its three nearest sampled
// neighbours (found on a 32-dimensional random projection), so that 100,000 images take seconds, not minutes.

import { UMAP } from 'umap-js';
import { rng } from '../random.ts';
import type { EmbeddingIndex } from './rank.ts';

export interface Layout {
  hashes: string[];
  /** x, y per image in [0, 1], interleaved. */
  xy: Float32Array;
  /** How many images UMAP laid out itself (the rest were placed beside their nearest). */
  fitted: number;
}

export interface LayoutOptions {
  fitLimit?: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

/** The images every index holds, each as its joint vector. */
function jointVectors(indexes: EmbeddingIndex[]): { hashes: string[]; dim: number; vectors: Float32Array } {
  const maps = indexes.map((ix) => new Map(ix.hashes.map((h, i) => [h, i])));
  const hashes = indexes[0].hashes.filter((h) => maps.every((m) => m.has(h)));
  const dim = indexes.reduce((n, ix) => n + ix.dim, 0);
  const vectors = new Float32Array(hashes.length * dim);
  const scale = 1 / Math.sqrt(indexes.length);
  hashes.forEach((h, r) => {
    let o = r * dim;
    indexes.forEach((ix, k) => {
      const row = maps[k].get(h)! * ix.dim;
      for (let d = 0; d < ix.dim; d++) vectors[o + d] = ix.vectors[row + d] * scale;
      o += ix.dim;
    });
  });
  return { hashes, dim, vectors };
}

export async function embeddingLayout(indexes: EmbeddingIndex[], options: LayoutOptions = {}): Promise<Layout> {
  if (!indexes.length || !indexes[0].hashes.length) return { hashes: [], xy: new Float32Array(), fitted: 0 };
  const { hashes, dim, vectors } = jointVectors(indexes);
  const n = hashes.length;
  const random = rng(options.seed ?? 7);
  const fitLimit = options.fitLimit ?? 3000;
  const xy = new Float32Array(n * 2);
  if (n < 4) {
    // Too few for a neighbourhood graph: spread them on a line.
    hashes.forEach((_, i) => xy.set([(i + 1) / (n + 1), 0.5], i * 2));
    return { hashes, xy, fitted: n };
  }
  // The sample UMAP lays out: all of them, or a seeded choice.
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const sample = n <= fitLimit ? Array.from({ length: n }, (_, i) => i) : order.slice(0, fitLimit).sort((a, b) => a - b);
  const rows = sample.map((i) => Array.from(vectors.subarray(i * dim, (i + 1) * dim)));
  const umap = new UMAP({ nComponents: 2, nNeighbors: Math.min(15, sample.length - 1), minDist: 0.1, random });
  const epochs = umap.initializeFit(rows);
  for (let e = 0; e < epochs; e++) {
    umap.step();
    if (e % 20 === 0) {
      options.onProgress?.(e, epochs + (n > sample.length ? 20 : 0));
      await new Promise((r) => setTimeout(r, 0));
    }
  }
  const fitted = umap.getEmbedding();
  // Normalize to [0, 1] with a small margin.
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const [x, y] of fitted) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const sx = 0.96 / (maxX - minX || 1);
  const sy = 0.96 / (maxY - minY || 1);
  sample.forEach((i, k) => xy.set([0.02 + (fitted[k][0] - minX) * sx, 0.02 + (fitted[k][1] - minY) * sy], i * 2));
  if (sample.length === n) return { hashes, xy, fitted: n };

  // The others: beside their three nearest sampled neighbours, on a 32-dimensional random projection.
  const P = 32;
  const projection = Float32Array.from({ length: dim * P }, () => (random() < 0.5 ? -1 : 1));
  const project = (i: number, out: Float32Array, o: number) => {
    for (let p = 0; p < P; p++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += vectors[i * dim + d] * projection[d * P + p];
      out[o + p] = s;
    }
  };
  const sampled = new Float32Array(sample.length * P);
  sample.forEach((i, k) => project(i, sampled, k * P));
  const inSample = new Uint8Array(n);
  for (const i of sample) inSample[i] = 1;
  const q = new Float32Array(P);
  let done = 0;
  for (let i = 0; i < n; i++) {
    if (inSample[i]) continue;
    project(i, q, 0);
    const best = [-Infinity, -Infinity, -Infinity];
    const at = [0, 0, 0];
    for (let k = 0; k < sample.length; k++) {
      let s = 0;
      for (let p = 0, o = k * P; p < P; p++) s += q[p] * sampled[o + p];
      if (s <= best[2]) continue;
      let slot = 2;
      while (slot > 0 && s > best[slot - 1]) {
        best[slot] = best[slot - 1];
        at[slot] = at[slot - 1];
        slot--;
      }
      best[slot] = s;
      at[slot] = k;
    }
    // Weighted by rank, with a little seeded jitter so that copies do not hide each other.
    const w = [0.6, 0.25, 0.15];
    let x = 0;
    let y = 0;
    for (let t = 0; t < 3; t++) {
      x += w[t] * xy[sample[at[t]] * 2];
      y += w[t] * xy[sample[at[t]] * 2 + 1];
    }
    xy[i * 2] = x + (random() - 0.5) * 0.004;
    xy[i * 2 + 1] = y + (random() - 0.5) * 0.004;
    if (++done % 5000 === 0) {
      options.onProgress?.(epochs + Math.round((20 * done) / (n - sample.length)), epochs + 20);
      await new Promise((r) => setTimeout(r, 0));
    }
  }
  return { hashes, xy, fitted: sample.length };
}

import { describe, expect, it } from 'vitest';
import { rng } from '../random.ts';
import { embeddingLayout } from './layout.ts';
import { buildIndex } from './rank.ts';
import { pointsInBox, rasterizePoints, rgba } from './raster.ts';

/** Two models' embeddings of images drawn around `k` well-separated centres. */
function clustered(n: number, k: number, seed: number) {
  const r = rng(seed);
  const centres = [0, 1].map(() => Array.from({ length: k }, () => Array.from({ length: 16 }, () => r() - 0.5)));
  const hashes = Array.from({ length: n }, (_, i) => `h${i}`);
  const indexes = [0, 1].map((m) => buildIndex(hashes.map((h, i) => [h, centres[m][i % k].map((c) => c + (r() - 0.5) * 0.1)])));
  return { hashes, indexes, cluster: (i: number) => i % k };
}

/** Mean distance on the map between points of the same cluster, over that between points of different ones. */
function separation(xy: Float32Array, cluster: (i: number) => number) {
  let same = 0;
  let ns = 0;
  let diff = 0;
  let nd = 0;
  const n = xy.length / 2;
  for (let i = 0; i < n; i += 3)
    for (let j = i + 1; j < n; j += 7) {
      const d = Math.hypot(xy[i * 2] - xy[j * 2], xy[i * 2 + 1] - xy[j * 2 + 1]);
      if (cluster(i) === cluster(j)) (same += d), ns++;
      else (diff += d), nd++;
    }
  return same / ns / (diff / nd);
}

describe('embedding map', () => {
  it('UMAP keeps clusters together, laid out whole or from a sample with the rest placed beside their neighbours', async () => {
    const { indexes, cluster, hashes } = clustered(600, 4, 1);
    const whole = await embeddingLayout(indexes, { fitLimit: 1000 });
    expect(whole.fitted).toBe(600);
    expect(whole.hashes).toEqual(hashes);
    expect(Math.min(...whole.xy)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...whole.xy)).toBeLessThanOrEqual(1);
    expect(separation(whole.xy, cluster)).toBeLessThan(0.3);
    const sampled = await embeddingLayout(indexes, { fitLimit: 150 });
    expect(sampled.fitted).toBe(150);
    expect(separation(sampled.xy, cluster)).toBeLessThan(0.3);
    // Seeded: the same input gives the same map.
    expect((await embeddingLayout(indexes, { fitLimit: 150 })).xy).toEqual(sampled.xy);
  }, 60_000);

  it('rasterizes points into a pixel buffer and selects the points in a box', () => {
    const xy = Float32Array.from([0.1, 0.1, 0.5, 0.5, 0.9, 0.9]);
    const colors = Uint32Array.from([rgba(255, 0, 0), rgba(0, 255, 0), rgba(0, 0, 255)]);
    const pixels = new Uint32Array(100 * 100);
    rasterizePoints(pixels, 100, 100, xy, colors, { x0: 0, y0: 0, scale: 100 }, 2);
    expect(pixels[10 * 100 + 10]).toBe(rgba(255, 0, 0));
    expect(pixels[51 * 100 + 51]).toBe(rgba(0, 255, 0));
    expect(pixels[0]).toBe(0xffffffff);
    // Zoomed in on the middle: only the green point is on screen, four times larger in spacing.
    rasterizePoints(pixels, 100, 100, xy, colors, { x0: 0.4, y0: 0.4, scale: 500 }, 2);
    expect(pixels[50 * 100 + 50]).toBe(rgba(0, 255, 0));
    expect(pixels.filter((p) => p === rgba(255, 0, 0)).length).toBe(0);
    expect(pointsInBox(xy, { x0: 0.6, y0: 0.95, x1: 0.05, y1: 0.3 })).toEqual([1]);
  });
});

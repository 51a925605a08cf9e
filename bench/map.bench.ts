// The embedding map (src/core/search/layout.ts, raster.ts): the time to lay out 10,000 and 100,000 images (two
// models of 64 dimensions, images drawn around 50 centres), and the time to draw one frame of 100,000 points into a
// 900×320 pixel buffer (what the map does on every pan, zoom or recolour; putImageData comes on top, in the browser).
// Prints figures; asserts nothing.   npx tsx bench/map.bench.ts

import { embeddingLayout } from '../src/core/search/layout.ts';
import { buildIndex } from '../src/core/search/rank.ts';
import { ramp, rasterizePoints } from '../src/core/search/raster.ts';
import { rng } from '../src/core/random.ts';

const r = rng(11);
for (const n of [10_000, 100_000]) {
  const centres = [0, 1].map(() => Array.from({ length: 50 }, () => Array.from({ length: 64 }, () => r() - 0.5)));
  const hashes = Array.from({ length: n }, (_, i) => `h${i}`);
  const indexes = [0, 1].map((m) => buildIndex(hashes.map((h, i) => [h, centres[m][i % 50].map((c) => c + (r() - 0.5) * 0.2)])));
  const t = performance.now();
  const layout = await embeddingLayout(indexes);
  const layoutMs = performance.now() - t;
  const colors = Uint32Array.from({ length: n }, (_, i) => ramp((i % 50) / 50));
  const pixels = new Uint32Array(900 * 320);
  const frames: number[] = [];
  for (let f = 0; f < 21; f++) {
    const t0 = performance.now();
    rasterizePoints(pixels, 900, 320, layout.xy, colors, { x0: f * 0.002, y0: 0, scale: 320 }, 2);
    frames.push(performance.now() - t0);
  }
  frames.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      bench: 'map',
      images: n,
      fittedByUmap: layout.fitted,
      layoutSeconds: +(layoutMs / 1000).toFixed(1),
      frameMsMedian: +frames[10].toFixed(2),
      frameMsMax: +frames[20].toFixed(2),
    }),
  );
}

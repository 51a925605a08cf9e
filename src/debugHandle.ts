// A small handle on window for end-to-end tests and benchmarks: drive the scoring worker and the renderer directly.

import { contentHash } from './core/import/image.ts';
import { ramp, rasterizePoints } from './core/search/raster.ts';
import { renderScene } from './core/synth/render.ts';
import { parseCaption, sceneFor } from './core/synth/scene.ts';
import { scoringForTests } from './store/scoring.ts';

export function installDebugHandle() {
  const scoring = scoringForTests();
  (window as unknown as Record<string, unknown>).clipCurator = {
    ensureModels: scoring.ensureModels,
    embedTexts: (model: string, texts: string[]) => scoring.api().embedTexts(model, texts),
    embedImages: (model: string, images: { width: number; height: number; data: number[] | Uint8ClampedArray }[], batchSize?: number) =>
      scoring.api().embedImages(
        model,
        images.map((i) => ({ width: i.width, height: i.height, data: Uint8ClampedArray.from(i.data) })),
        batchSize,
      ),
    embedFiles: (model: string, files: { bytes: number[]; mime: string }[]) =>
      scoring.api().embedFiles(
        model,
        files.map((f) => ({ bytes: Uint8Array.from(f.bytes), mime: f.mime })),
      ),
    benchmark: (model: string | string[], pngs: number[][], texts: string[], batch: number) =>
      scoring.api().benchmark(
        model,
        pngs.map((p) => Uint8Array.from(p)),
        texts,
        batch,
      ),
    /** Frame times of the map's drawing (pixel buffer + putImageData) at n random points, as the map draws them. */
    mapFrames: (n: number, frames = 21) => {
      const xy = Float32Array.from({ length: n * 2 }, () => Math.random());
      const colors = Uint32Array.from({ length: n }, () => ramp(Math.random()));
      const canvas = document.createElement('canvas');
      canvas.width = 900;
      canvas.height = 260;
      const ctx = canvas.getContext('2d')!;
      const times: number[] = [];
      for (let f = 0; f < frames; f++) {
        const t0 = performance.now();
        const image = ctx.createImageData(900, 260);
        rasterizePoints(new Uint32Array(image.data.buffer), 900, 260, xy, colors, { x0: f * 0.001, y0: 0, scale: 260 }, 2);
        ctx.putImageData(image, 0, 0);
        times.push(performance.now() - t0);
      }
      return times.sort((a, b) => a - b);
    },
    renderHash: async (caption: string, sceneSeed: number, size: number, seed: number) =>
      contentHash(new Uint8Array(renderScene(sceneFor(parseCaption(caption)!, sceneSeed), size, seed).buffer)),
  };
}

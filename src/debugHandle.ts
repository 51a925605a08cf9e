// A small handle on window for end-to-end tests and benchmarks: drive the scoring worker and the renderer directly.

import { contentHash } from './core/import/image.ts';
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
    benchmark: (model: string, pngs: number[][], texts: string[], batch: number) =>
      scoring.api().benchmark(
        model,
        pngs.map((p) => Uint8Array.from(p)),
        texts,
        batch,
      ),
    renderHash: async (caption: string, sceneSeed: number, size: number, seed: number) =>
      contentHash(new Uint8Array(renderScene(sceneFor(parseCaption(caption)!, sceneSeed), size, seed).buffer)),
  };
}

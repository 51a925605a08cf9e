// Timing helpers shared by the Node and browser benchmarks: the bare sessions, and the whole scoring pipeline.

import { memoryStore, type ScoreOptions, scorePairs, textBatches } from './pipeline.ts';
import type { RgbaImage } from '../image/types.ts';
import type { ClipModel } from './session.ts';

/**
 * Milliseconds to embed N images and N texts in the batches scoring uses (texts sorted by length, 4× the image batch:
 * timed at the image batch, the bare sessions ran slower than the pipeline's and flattered it), inputs already
 * preprocessed and tokenized (untimed).
 */
export async function timeBareSession(model: ClipModel, images: RgbaImage[], texts: string[], batch: number): Promise<number> {
  const pixelBatches: { pixels: Float32Array; n: number }[] = [];
  for (let i = 0; i < images.length; i += batch) {
    const slice = images.slice(i, i + batch);
    pixelBatches.push({ pixels: model.pixelBatch(slice), n: slice.length });
  }
  const tokenBatches = textBatches([...new Set(texts.slice(0, images.length))], batch).map((b) => model.tokenizer.encodeBatch(b));
  const t0 = performance.now();
  for (const b of pixelBatches) await model.embedPixels(b.pixels, b.n);
  for (const t of tokenBatches) await model.embedTokens(t);
  return performance.now() - t0;
}

/**
 * Milliseconds for the whole pipeline on N pairs: decode, preprocess, tokenize, embed, score, nothing cached. Several
 * models are scored together, as the app scores them: each image decoded once for all of them.
 */
export async function timePipeline(
  model: ClipModel | ClipModel[],
  count: number,
  texts: string[],
  loadImage: (i: number) => Promise<RgbaImage>,
  batch: number,
  /** Decode and preprocess elsewhere (the browser's decode workers); images are keyed by their index. */
  offThread: Pick<ScoreOptions, 'prepare' | 'prefetch'> = {},
): Promise<number> {
  const pairs = Array.from({ length: count }, (_, i) => ({ id: String(i), imageHash: String(i), text: texts[i] }));
  const t0 = performance.now();
  await scorePairs(Array.isArray(model) ? model : [model], pairs, {
    store: memoryStore(),
    batchSize: batch,
    loadImage: (h) => loadImage(Number(h)),
    ...offThread,
  });
  return performance.now() - t0;
}

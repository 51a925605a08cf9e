// Scores image–caption pairs with one or more CLIP models, embedding only what the store does not hold yet:
// moving a threshold or reopening the app never re-embeds, and an edited caption re-embeds only its text.

import type { RgbaImage } from '../image/types.ts';
import { inputSize, type PreprocessorConfig, pixelBatch, preprocessKey } from './preprocess.ts';
import { cosine, withEnsemble } from './score.ts';
import { l2normalize, type ClipModel } from './session.ts';

export interface EmbeddingStore {
  get(model: string, keys: string[]): Promise<(Float32Array | undefined)[]>;
  put(model: string, entries: [string, Float32Array][]): Promise<void>;
}

export interface PairInput {
  id: string;
  /** Content hash of the image. */
  imageHash: string;
  text: string;
}

export interface ScoreProgress {
  model: string;
  phase: 'images' | 'texts' | 'scores';
  done: number;
  total: number;
}

export interface ScoreResult {
  scores: Map<string, Record<string, number>>;
  embedded: { images: number; texts: number };
  reused: { images: number; texts: number };
  /** Pairs that could not be scored (an image that does not decode), with the reason. */
  failed: { id: string; reason: string }[];
}

/** FNV-1a over the UTF-16 code units, plus the length: a short, stable key for a caption's embedding. */
export function textKey(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    h1 = Math.imul(h1 ^ text.charCodeAt(i), 0x01000193);
    h2 = Math.imul(h2 ^ text.charCodeAt(i), 0x811c9dc5) ^ (h1 >>> 7);
  }
  return `text:${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}:${text.length}`;
}

export const imageKey = (hash: string) => `image:${hash}`;

/** A batch of images decoded once and preprocessed for each model: per model, the hashes it asked for that decoded. */
export interface PreparedBatch {
  perModel: { hashes: string[]; pixels: Float32Array }[];
  /** Images that did not decode, with the reason. */
  broken: [string, string][];
}

/**
 * Decode a batch and preprocess it for each model (`wanted[k]`: the hashes model k needs), somewhere else than the
 * thread that runs the models — the browser's scoring worker hands it to decode workers, so that a batch is prepared
 * while the one before it is embedded.
 */
export type PrepareBatch = (hashes: string[], wanted: string[][]) => Promise<PreparedBatch>;

export interface ScoreOptions {
  loadImage: (hash: string) => Promise<RgbaImage>;
  /** Prepares batches off this thread (instead of loadImage and each model's pixelBatch here). */
  prepare?: PrepareBatch;
  /** Batches prepared ahead of the one being embedded (default 1; more when `prepare` has several workers). */
  prefetch?: number;
  store: EmbeddingStore;
  batchSize?: number;
  onProgress?: (p: ScoreProgress) => void;
  signal?: AbortSignal;
}

export async function scorePairs(models: ClipModel[], pairs: PairInput[], options: ScoreOptions): Promise<ScoreResult> {
  const batchSize = options.batchSize ?? 16;
  const result: ScoreResult = { scores: new Map(), embedded: { images: 0, texts: 0 }, reused: { images: 0, texts: 0 }, failed: [] };
  const broken = new Map<string, string>();
  const vectors = new Map<string, Map<string, Float32Array>>();
  const checkAbort = () => {
    if (options.signal?.aborted) throw new DOMException('scoring cancelled — embeddings computed so far are kept', 'AbortError');
  };

  const hashes = [...new Set(pairs.map((p) => p.imageHash))];
  const texts = [...new Set(pairs.map((p) => p.text))];
  const missingImages = new Map<string, string[]>();
  for (const model of models) {
    const have = new Map<string, Float32Array>();
    vectors.set(model.id, have);
    const keys = [...hashes.map(imageKey), ...texts.map(textKey)];
    const stored = await options.store.get(model.id, keys);
    keys.forEach((k, i) => stored[i] && have.set(k, stored[i]!));
    const missing = hashes.filter((h) => !have.has(imageKey(h)));
    missingImages.set(model.id, missing);
    result.reused.images += hashes.length - missing.length;
  }
  // Every image is decoded once for all the models that need it.
  const images = await embedImagesWith(models, missingImages, { ...options, batchSize });
  for (const model of models) {
    const have = vectors.get(model.id)!;
    for (const [h, v] of images.vectors.get(model.id)!) have.set(imageKey(h), v);
    result.embedded.images += images.vectors.get(model.id)!.size;
  }
  for (const [h, reason] of images.broken) broken.set(h, reason);

  for (const model of models) {
    const have = vectors.get(model.id)!;
    const missingTexts = texts.filter((t) => !have.has(textKey(t)));
    result.reused.texts += texts.length - missingTexts.length;

    let done = 0;
    for (const batch of textBatches(missingTexts, batchSize)) {
      checkAbort();
      const emb = (await model.embedTexts(batch)).map(l2normalize);
      const entries = batch.map((t, j) => [textKey(t), emb[j]] as [string, Float32Array]);
      await options.store.put(model.id, entries);
      for (const [k, v] of entries) have.set(k, v);
      result.embedded.texts += batch.length;
      done += batch.length;
      options.onProgress?.({ model: model.id, phase: 'texts', done, total: missingTexts.length });
    }
  }

  const ids = models.map((m) => m.id);
  for (const p of pairs) {
    const reason = broken.get(p.imageHash);
    if (reason) {
      result.failed.push({ id: p.id, reason: `image cannot be decoded: ${reason}` });
      continue;
    }
    const raw: Record<string, number> = {};
    for (const m of ids) {
      const have = vectors.get(m)!;
      raw[m] = cosine(have.get(imageKey(p.imageHash))!, have.get(textKey(p.text))!);
    }
    result.scores.set(p.id, withEnsemble(raw, ids));
  }
  options.onProgress?.({ model: ids.join('+'), phase: 'scores', done: pairs.length, total: pairs.length });
  return result;
}

/** Captions in the batches scoring embeds them in: similar lengths together (padding stays short), 4× the image batch. */
export function textBatches(texts: string[], batchSize: number): string[][] {
  const sorted = [...texts].sort((a, b) => a.length - b.length);
  const out: string[][] = [];
  for (let i = 0; i < sorted.length; i += batchSize * 4) out.push(sorted.slice(i, i + batchSize * 4));
  return out;
}

/**
 * Embed images with one model, unit length, and keep them in the store: the next batch is decoded and preprocessed
 * while the current one runs. Images that do not decode are returned with the reason, not thrown. Scoring, search and
 * the CLI all embed images through this (or embedImagesWith, for several models at once).
 */
export async function embedImages(
  model: ClipModel,
  hashes: string[],
  options: Pick<ScoreOptions, 'loadImage' | 'prepare' | 'prefetch' | 'store' | 'batchSize' | 'onProgress' | 'signal'>,
): Promise<{ vectors: Map<string, Float32Array>; broken: Map<string, string> }> {
  const r = await embedImagesWith([model], new Map([[model.id, hashes]]), options);
  return { vectors: r.vectors.get(model.id)!, broken: r.broken };
}

/**
 * Embed, for each model, the images it is missing, decoding every image once for all of them: batches run over the
 * union of the images, and each model embeds the part of the batch it needs. The next batch is decoded while the
 * current one is embedded.
 */
export async function embedImagesWith(
  models: ClipModel[],
  missing: Map<string, string[]>,
  options: Pick<ScoreOptions, 'loadImage' | 'prepare' | 'prefetch' | 'store' | 'batchSize' | 'onProgress' | 'signal'>,
): Promise<{ vectors: Map<string, Map<string, Float32Array>>; broken: Map<string, string> }> {
  const batchSize = options.batchSize ?? 16;
  const vectors = new Map(models.map((m) => [m.id, new Map<string, Float32Array>()]));
  const needs = new Map(models.map((m) => [m.id, new Set(missing.get(m.id) ?? [])]));
  const union = [...new Set(models.flatMap((m) => missing.get(m.id) ?? []))];
  const broken = new Map<string, string>();
  // Each batch is decoded once and preprocessed for every model that needs part of it: here (between the models'
  // runs), or by `options.prepare` elsewhere while the batch before it is embedded.
  const prepare =
    options.prepare ??
    ((hashes: string[], wanted: string[][]) =>
      prepareImages(
        hashes,
        wanted,
        options.loadImage,
        models.map((m) => m.files.preprocessor),
      ));
  const prepareBatch = async (batch: string[]) => {
    const { perModel, broken: failed } = await prepare(
      batch,
      models.map((m) => batch.filter((h) => needs.get(m.id)!.has(h))),
    );
    for (const [h, reason] of failed) broken.set(h, reason);
    return perModel;
  };
  const batches: string[][] = [];
  for (let i = 0; i < union.length; i += batchSize) batches.push(union.slice(i, i + batchSize));
  const done = new Map(models.map((m) => [m.id, 0]));
  // Batches prepared ahead; a rejected one (a worker died) is awaited in order, never left unhandled.
  const ahead = Math.max(1, options.prefetch ?? 1);
  const pending: Promise<{ hashes: string[]; pixels: Float32Array }[]>[] = [];
  const enqueue = (b: number) => {
    if (b >= batches.length) return;
    const p = prepareBatch(batches[b]);
    p.catch(() => {});
    pending.push(p);
  };
  for (let b = 0; b < ahead; b++) enqueue(b);
  for (let b = 0; b < batches.length; b++) {
    if (options.signal?.aborted) throw new DOMException('scoring cancelled — embeddings computed so far are kept', 'AbortError');
    const prepared = await pending.shift()!;
    enqueue(b + ahead);
    for (const [k, model] of models.entries()) {
      const need = needs.get(model.id)!;
      const { hashes, pixels } = prepared[k];
      if (hashes.length) {
        const emb = (await model.embedPixels(pixels, hashes.length)).map(l2normalize);
        await options.store.put(
          model.id,
          hashes.map((h, i) => [imageKey(h), emb[i]]),
        );
        hashes.forEach((h, i) => vectors.get(model.id)!.set(h, emb[i]));
      }
      const count = batches[b].filter((h) => need.has(h)).length;
      if (count) {
        done.set(model.id, done.get(model.id)! + count);
        options.onProgress?.({ model: model.id, phase: 'images', done: done.get(model.id)!, total: need.size });
      }
    }
  }
  return { vectors, broken };
}

/**
 * Decode a batch's images (all at once: the browser decodes off-thread, and reading a Blob is a round trip) and
 * preprocess them for each model: `wanted[k]` are the hashes model k needs, `preprocessors[k]` its preprocessing.
 * Images that do not decode are returned with the reason. Scoring runs it in its own thread, the browser's decode
 * workers in theirs.
 */
export async function prepareImages(
  hashes: string[],
  wanted: string[][],
  loadImage: (hash: string) => Promise<RgbaImage>,
  preprocessors: PreprocessorConfig[],
): Promise<PreparedBatch> {
  const settled = await Promise.allSettled(hashes.map((h) => loadImage(h)));
  const decoded = new Map<string, RgbaImage>();
  const broken: [string, string][] = [];
  settled.forEach((r, i) => {
    if (r.status === 'fulfilled') decoded.set(hashes[i], r.value);
    else broken.push([hashes[i], (r.reason as Error)?.message ?? String(r.reason)]);
  });
  // Models whose preprocessing is the same (the bundled ViT and CNN) share it: each image is preprocessed once for
  // all of them, and a model that needs the whole of that batch gets the same array (it is only read).
  const shared = new Map<string, { hashes: string[]; pixels: Float32Array; rows: Map<string, number>; size: number }>();
  const keys = preprocessors.map(preprocessKey);
  wanted.forEach((_, k) => {
    if (shared.has(keys[k])) return;
    const union = [...new Set(wanted.flatMap((l, j) => (keys[j] === keys[k] ? l : [])))].filter((h) => decoded.has(h));
    const { height, width } = inputSize(preprocessors[k]);
    shared.set(keys[k], {
      hashes: union,
      pixels: union.length
        ? pixelBatch(
            union.map((h) => decoded.get(h)!),
            preprocessors[k],
          )
        : new Float32Array(0),
      rows: new Map(union.map((h, i) => [h, i])),
      size: 3 * height * width,
    });
  });
  const perModel = wanted.map((list, k) => {
    const mine = list.filter((h) => decoded.has(h));
    const batch = shared.get(keys[k])!;
    if (sameList(mine, batch.hashes)) return { hashes: mine, pixels: batch.pixels };
    const pixels = new Float32Array(mine.length * batch.size);
    mine.forEach((h, i) => {
      const row = batch.rows.get(h)! * batch.size;
      pixels.set(batch.pixels.subarray(row, row + batch.size), i * batch.size);
    });
    return { hashes: mine, pixels };
  });
  return { perModel, broken };
}

/** Whether two lists of hashes are the same, in the same order. */
export function sameList(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** An in-memory store (CLI runs, tests). */
export function memoryStore(): EmbeddingStore & { size: () => number; entries: (model: string) => [string, Float32Array][] } {
  const byModel = new Map<string, Map<string, Float32Array>>();
  const of = (model: string) => byModel.get(model) ?? byModel.set(model, new Map()).get(model)!;
  return {
    get: async (model, keys) => keys.map((k) => byModel.get(model)?.get(k)),
    put: async (model, entries) => void entries.forEach(([k, v]) => of(model).set(k, v)),
    size: () => [...byModel.values()].reduce((n, m) => n + m.size, 0),
    entries: (model) => [...(byModel.get(model) ?? [])],
  };
}

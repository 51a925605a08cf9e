// The scoring worker: owns the ONNX sessions (onnxruntime-web, WebGPU when an adapter exists, else multi-threaded
// WASM), reads images and captions from IndexedDB, stores embeddings and writes scores back.

import { applyFilters, scoreNegatives } from '../core/negatives/quality.ts';
import type { Negative } from '../core/negatives/types.ts';
import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web/webgpu';
import { httpReader, loadModelFiles, type ModelFiles } from '../core/clip/modelFiles.ts';
import { timeBareSession, timePipeline } from '../core/clip/bench.ts';
import { embedImagesWith, imageKey, type PrepareBatch, prepareImages, sameList, scorePairs } from '../core/clip/pipeline.ts';
import { runNearMissBenchmark } from '../core/eval/nearMiss.ts';
import { ClipModel, type OrtModule } from '../core/clip/session.ts';
import { currentCaption } from '../core/model.ts';
import { CuratorDB } from '../persist/db.ts';
import { dexieEmbeddingStore } from '../persist/embeddings.ts';
import { imageBlob, imageBytes } from '../persist/images.ts';
import { loadNegatives, writeNegativeScores } from '../persist/negatives.ts';
import { imagesRevision } from '../persist/items.ts';
import { loadItems, writeScores } from '../persist/repo.ts';
import { nearDuplicates } from '../core/search/dedup.ts';
import { embeddingLayout } from '../core/search/layout.ts';
import { buildIndex, ensembleScores, type EmbeddingIndex, similarities } from '../core/search/rank.ts';
import { cpuPlan } from './cpuPlan.ts';
import { decodeFrom, decodeRgba } from './decodeImage.ts';
import type { PrepareWorkerApi } from './prepare.worker.ts';
import type { BackendInfo, BackendPreference, ModelSpec, ScoreSummary, ScoreWorkerApi } from './scoreProtocol.ts';

const db = new CuratorDB();
let models: ClipModel[] = [];
let abort = new AbortController();

async function webgpuAdapter(): Promise<{ adapter?: GPUAdapter; note?: string }> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return { note: 'this browser has no WebGPU' };
  const adapter = await gpu.requestAdapter().catch(() => null);
  return adapter ? { adapter } : { note: 'WebGPU is present but no adapter was found' };
}

/** Runs the page asked to stop, by token: a cancel that arrives before its run starts still counts. */
const cancelledRuns = new Set<string>();
const PROBE_BATCH = 8;
/** Negatives scored and written per step. */
const NEGATIVE_SLICE = 256;

/** A fallback adapter, or one whose name says it renders in software. */
function isSoftwareAdapter(adapter: GPUAdapter): boolean {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  if (info?.isFallbackAdapter || (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter) return true;
  return /swiftshader|llvmpipe|lavapipe|software|basic render/i.test([info?.vendor, info?.architecture, info?.device, info?.description].join(' '));
}

/** Milliseconds for one batch of images and captions through every model, after a warm-up run. */
async function timeFirstBatch(list: ClipModel[]): Promise<number> {
  const run = async () => {
    for (const m of list) {
      const { height, width } = m.inputSize;
      const images = Array.from({ length: PROBE_BATCH }, (_, k) => ({ width, height, data: new Uint8ClampedArray(width * height * 4).fill(40 + k * 20) }));
      await m.embedPixels(m.pixelBatch(images), PROBE_BATCH);
      await m.embedTexts(Array.from({ length: PROBE_BATCH }, (_, k) => `a photo of ${k + 1} red circles`));
    }
  };
  await run();
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

/**
 * Decode workers: images are read, decoded and preprocessed there while this thread runs the models (a WASM session
 * blocks its thread). As many as cpuPlan leaves cores for beside the sessions in use (none on 2 cores with WASM:
 * then this thread decodes between batches); none where this worker cannot start workers.
 */
const preparers: Comlink.Remote<PrepareWorkerApi>[] = [];
let plan = cpuPlan(navigator.hardwareConcurrency || 2, self.crossOriginIsolated);
let planned = false;
let backend: BackendInfo['backend'] = 'wasm';
function decodeWorkers(): Comlink.Remote<PrepareWorkerApi>[] {
  if (typeof Worker === 'undefined') return [];
  const count = plan.decodeWorkers[backend];
  while (preparers.length < count)
    preparers.push(Comlink.wrap<PrepareWorkerApi>(new Worker(new URL('./prepare.worker.ts', import.meta.url), { type: 'module' })));
  return preparers.slice(0, count);
}

/** Batches prepared by the decode workers for the loaded models, in turn; undefined where there are none. */
async function offThread(list: ClipModel[]): Promise<{ prepare?: PrepareBatch; prefetch?: number }> {
  const workers = decodeWorkers();
  if (!workers.length) return {};
  await Promise.all(workers.map((w) => w.configure(list.map((m) => m.files.preprocessor))));
  let turn = 0;
  return { prepare: (hashes, wanted) => workers[turn++ % workers.length].prepare(hashes, wanted), prefetch: workers.length + 1 };
}

/**
 * How batches are prepared for the loaded models: by the decode workers where there are some, else on this thread
 * between the models' runs, each batch's stored images in one read (persist/images.ts imageBytes).
 */
async function preparation(list: ClipModel[]): Promise<{ prepare?: PrepareBatch; prefetch?: number }> {
  const split = await offThread(list);
  if (split.prepare) return split;
  const configs = list.map((m) => m.files.preprocessor);
  return { prepare: async (hashes, wanted) => prepareImages(hashes, wanted, decodeFrom(hashes, await imageBytes(db, hashes)), configs) };
}

/** A stored image, decoded for the models. */
async function loadStoredImage(hash: string) {
  return decodeRgba(await imageBlob(db, hash));
}

/**
 * Per dataset: its distinct images and each model's packed index of their embeddings, at the dataset's image revision
 * (persist/items.ts: an import, a deletion or a generated image makes a new one; a decision does not). One entry per
 * dataset: a new revision replaces the old.
 */
const searchCache = new Map<string, { revision: string; hashes: string[]; indexes: Map<string, EmbeddingIndex> }>();

/**
 * Every loaded model's index of the dataset's distinct images (search and near-duplicates), kept until the dataset's
 * images change; images no score needed yet (lone images, pairs not scored) are embedded once and stored. `images`:
 * the distinct images as the page has them loaded; without them every item is read here (a copy of every item in
 * this worker's memory, only to list the images). A list that differs from the cached one (the page loaded another
 * tab's import) builds the index again.
 */
async function datasetIndexes(datasetId: string, images?: string[]): Promise<{ indexes: EmbeddingIndex[]; embedded: number }> {
  if (!models.length) throw new Error('no models loaded — open Settings and choose at least one model');
  const store = dexieEmbeddingStore(db);
  const revision = await imagesRevision(db, datasetId);
  let cached = searchCache.get(datasetId);
  if (cached?.revision !== revision || (images && !sameList(images, cached.hashes))) {
    const hashes = images ?? [...new Set((await loadItems(db, datasetId)).flatMap((i) => (i.imageHash ? [i.imageHash] : [])))];
    cached = { revision, hashes, indexes: new Map() };
    searchCache.set(datasetId, cached);
  }
  const { hashes } = cached;
  // The models without an index read what is stored, and the images none has yet are embedded for all of them at
  // once: each image is decoded once, not once per model.
  const building = models.filter((m) => !cached.indexes.has(m.id));
  const stored = new Map<string, (Float32Array | undefined)[]>();
  for (const m of building) stored.set(m.id, await store.get(m.id, hashes.map(imageKey)));
  const missing = new Map(building.map((m) => [m.id, hashes.filter((_, i) => !stored.get(m.id)![i])]));
  const fresh = [...missing.values()].some((list) => list.length)
    ? (await embedImagesWith(building, missing, { store, loadImage: loadStoredImage, ...(await preparation(building)) })).vectors
    : new Map<string, Map<string, Float32Array>>();
  const embedded = new Set<string>();
  for (const m of building) {
    const mine = fresh.get(m.id) ?? new Map<string, Float32Array>();
    for (const h of mine.keys()) embedded.add(h);
    cached.indexes.set(m.id, buildIndex(hashes.map((h, i) => [h, stored.get(m.id)![i] ?? mine.get(h)])));
  }
  const indexes = models.map((m) => cached.indexes.get(m.id)!);
  return { indexes, embedded: embedded.size };
}

/** Load the models on the backend chosen (or the faster one); says which, and why. */
async function loadModels(specs: ModelSpec[], preference: BackendPreference, threads?: number, options: { anyAdapter?: boolean } = {}): Promise<BackendInfo> {
  // The WASM thread count is fixed once per worker, at its first session: planned then, and kept (a later plan with
  // other threads would count decode workers for threads the sessions do not have).
  if (!planned) {
    plan = cpuPlan(navigator.hardwareConcurrency || 2, self.crossOriginIsolated, threads);
    ort.env.wasm.numThreads = plan.sessionThreads;
    planned = true;
  }
  ort.env.wasm.proxy = false;
  for (const m of models) await m.release();
  models = [];
  // Each model loads on its own: one that cannot be reached is reported, and the others still score.
  const files: ModelFiles[] = [];
  const failed: { id: string; reason: string }[] = [];
  for (const spec of specs) {
    try {
      files.push(await loadModelFiles(spec.id, httpReader(spec.baseUrl, { modelId: spec.id })));
    } catch (e) {
      failed.push({ id: spec.id, reason: (e as Error).message });
    }
  }
  if (!files.length) throw new Error(`no model could be loaded — ${failed.map((f) => f.reason).join(' ')}`);
  const syntheticOnly = files.every((f) => f.config.clip_curator?.world === 'synthetic-scenes');
  const common = { failed, syntheticOnly };
  const create = async (provider: 'webgpu' | 'wasm') => {
    const made: ClipModel[] = [];
    try {
      for (const f of files) made.push(await ClipModel.create(ort as unknown as OrtModule, f, { executionProviders: [provider] }));
      return made;
    } catch (e) {
      for (const m of made) await m.release();
      throw e;
    }
  };
  const wasmInfo = (note?: string): BackendInfo => ({ backend: 'wasm', threads: ort.env.wasm.numThreads as number, note, ...common });
  if (preference === 'wasm') {
    models = await create('wasm');
    return wasmInfo('chosen in Settings');
  }
  const { adapter, note: missing } = await webgpuAdapter();
  if (!adapter) {
    models = await create('wasm');
    return wasmInfo(missing);
  }
  const adapterName = [adapter.info?.vendor, adapter.info?.architecture, adapter.info?.description].filter(Boolean).join(' ') || 'unknown adapter';
  // A fallback or software adapter (SwiftShader, llvmpipe) is far slower than WASM: never chosen by itself.
  if (preference === 'auto' && isSoftwareAdapter(adapter) && !options.anyAdapter) {
    models = await create('wasm');
    return wasmInfo(`the only WebGPU adapter is a software one (${adapterName}), slower than WASM; choose WebGPU in Settings to use it anyway`);
  }
  // One provider at a time: a list would fall back silently and we could not say which one ran.
  let gpu: ClipModel[];
  try {
    gpu = await create('webgpu');
  } catch (e) {
    models = await create('wasm');
    return wasmInfo(`WebGPU failed (${(e as Error).message}); using WASM`);
  }
  if (preference === 'webgpu') {
    models = gpu;
    return { backend: 'webgpu', threads: 1, adapter: adapterName, note: 'chosen in Settings', ...common };
  }
  // Auto with a real adapter: time a first batch on each and keep the faster.
  const cpu = await create('wasm');
  const gpuMs = await timeFirstBatch(gpu);
  const cpuMs = await timeFirstBatch(cpu);
  const timing = `a batch of ${PROBE_BATCH} took ${gpuMs.toFixed(0)} ms on WebGPU and ${cpuMs.toFixed(0)} ms on WASM`;
  if (gpuMs <= cpuMs) {
    for (const m of cpu) await m.release();
    models = gpu;
    return { backend: 'webgpu', threads: 1, adapter: adapterName, note: `${timing}: WebGPU is faster`, ...common };
  }
  for (const m of gpu) await m.release();
  models = cpu;
  return wasmInfo(`${timing} (${adapterName}): WASM is faster`);
}

const api: ScoreWorkerApi = {
  async init(specs, preference, threads, options = {}) {
    const info = await loadModels(specs, preference, threads, options);
    backend = info.backend;
    return { ...info, decodeWorkers: typeof Worker === 'undefined' ? 0 : plan.decodeWorkers[backend] };
  },

  async scoreDataset(datasetId, onProgress) {
    if (!models.length) throw new Error('no models loaded — open Settings and choose at least one model');
    abort = new AbortController();
    const t0 = performance.now();
    const items = (await loadItems(db, datasetId)).filter((i) => i.kind === 'pair' && i.imageHash && currentCaption(i));
    const pairs = items.map((i) => ({ id: i.id, imageHash: i.imageHash!, text: currentCaption(i)! }));
    const result = await scorePairs(models, pairs, {
      store: dexieEmbeddingStore(db),
      batchSize: 16,
      signal: abort.signal,
      onProgress,
      loadImage: loadStoredImage,
      ...(await preparation(models)),
    });
    await writeScores(db, datasetId, result.scores);
    const summary: ScoreSummary = {
      pairs: pairs.length,
      scored: result.scores.size,
      embedded: result.embedded,
      reused: result.reused,
      failed: result.failed,
      ms: Math.round(performance.now() - t0),
    };
    return summary;
  },

  async scorePairs(pairs) {
    if (!models.length) throw new Error('no models loaded — open Settings and choose at least one model');
    const result = await scorePairs(
      models,
      pairs.map((p, i) => ({ id: String(i), imageHash: p.imageHash, text: p.text })),
      {
        store: dexieEmbeddingStore(db),
        batchSize: 16,
        loadImage: loadStoredImage,
        ...(await preparation(models)),
      },
    );
    return pairs.map((_, i) => result.scores.get(String(i)) ?? null);
  },

  async nearMiss(seed, pairs) {
    if (!models.length) throw new Error('no models loaded — open Settings and choose at least one model');
    return runNearMissBenchmark(models, seed, pairs);
  },

  async scoreNegatives(datasetId, rescore = false, onProgress, token) {
    if (!models.length) throw new Error('no models loaded — open Settings and choose at least one model');
    const all = await loadNegatives(db, datasetId);
    const todo = all.filter((n) => rescore || !n.scores);
    const scored = new Map<string, Negative>();
    try {
      // In slices, each written as it is done: a cancel or a reload keeps what was scored, and the next run (which
      // scores only what has no scores) finishes the rest.
      for (let i = 0; i < todo.length; i += NEGATIVE_SLICE) {
        if (token && cancelledRuns.has(token))
          throw new Error(`scoring negatives cancelled after ${scored.size} of ${todo.length} — what was scored is kept; score again to finish`);
        const part = await scoreNegatives(todo.slice(i, i + NEGATIVE_SLICE), (pairs) => api.scorePairs(pairs));
        await writeNegativeScores(db, part);
        for (const n of part) scored.set(n.id, n);
        onProgress?.(Math.min(todo.length, i + NEGATIVE_SLICE), todo.length);
      }
      // The quality filters compare each negative with the rest of its type: applied once, over all of them.
      const filtered = applyFilters((await loadNegatives(db, datasetId)).map((n) => scored.get(n.id) ?? n));
      // Written back with the decisions as they are now: a reviewer may have decided while scores were computed.
      await writeNegativeScores(db, filtered);
      return { scored: [...scored.values()].filter((n) => n.scores).length, total: all.length };
    } finally {
      if (token) cancelledRuns.delete(token);
    }
  },

  cancelRun(token) {
    cancelledRuns.add(token);
  },

  cancel() {
    abort.abort();
  },

  async embedTexts(model, texts) {
    const m = models.find((x) => x.id === model);
    if (!m) throw new Error(`model ${model} is not loaded`);
    return (await m.embedTexts(texts)).map((v) => Array.from(v));
  },

  async benchmark(model, pngs, texts, batch) {
    // Several models are timed together, as scoring runs them (each image decoded once, preprocessed once for models
    // whose preprocessing is the same); their bare sessions one after the other.
    const list = (Array.isArray(model) ? model : [model]).map((id) => {
      const m = models.find((x) => x.id === id);
      if (!m) throw new Error(`model ${id} is not loaded`);
      return m;
    });
    const blobs = pngs.map((p) => new Blob([p as Uint8Array<ArrayBuffer>], { type: 'image/png' }));
    const decoded = await Promise.all(blobs.map(decodeRgba));
    for (const m of list) {
      // Warm up once: the first run of a session pays for allocation.
      await m.embedPixels(m.pixelBatch(decoded.slice(0, batch)), Math.min(batch, decoded.length));
      await m.embedTexts(texts.slice(0, batch));
    }
    const bare = async () => {
      let ms = 0;
      for (const m of list) ms += await timeBareSession(m, decoded, texts, batch);
      return ms;
    };
    const bareBefore = await bare();
    // The pipeline as scoring runs it: decoded and preprocessed in the decode workers, while this thread embeds.
    const workers = decodeWorkers();
    await Promise.all(workers.map((w) => w.hold(pngs.map((bytes, i) => ({ key: String(i), bytes, mime: 'image/png' })))));
    const split = await offThread(list);
    // Warmed up as the bare sessions were: two batches through the whole pipeline first (the decoder, the resize
    // kernel and the code around them compile on their first images; a dataset's scoring pays that once).
    await timePipeline(list, Math.min(2 * batch, pngs.length), texts, (i) => decodeRgba(blobs[i]), batch, split);
    const pipelineMs = await timePipeline(list, pngs.length, texts, (i) => decodeRgba(blobs[i]), batch, split);
    // The bare sessions before and after the pipeline, averaged: this machine's speed drifts over seconds (other
    // tenants), and a ratio of two runs seconds apart moved with it.
    const bareMs = (bareBefore + (await bare())) / 2;
    await Promise.all(workers.map((w) => w.hold([])));
    // And with every stage on this thread (as before the decode workers; what runs where they cannot start).
    const inThreadMs = await timePipeline(list, pngs.length, texts, (i) => decodeRgba(blobs[i]), batch);
    // Where the pipeline's time goes: each stage alone, one after another.
    let t = performance.now();
    for (const b of blobs) await decodeRgba(b);
    const decodeMs = performance.now() - t;
    t = performance.now();
    for (const b of blobs) await b.arrayBuffer();
    const readMs = performance.now() - t;
    t = performance.now();
    for (const m of list) for (let i = 0; i < decoded.length; i += batch) m.pixelBatch(decoded.slice(i, i + batch));
    const preprocessMs = performance.now() - t;
    t = performance.now();
    for (const m of list) for (let i = 0; i < texts.length; i += batch) m.tokenizer.encodeBatch(texts.slice(i, i + batch));
    const tokenizeMs = performance.now() - t;
    return { bareMs, pipelineMs, inThreadMs, decodeMs, readMs, preprocessMs, tokenizeMs };
  },

  async embedImages(model, images, batchSize = images.length) {
    const m = models.find((x) => x.id === model);
    if (!m) throw new Error(`model ${model} is not loaded`);
    const out: number[][] = [];
    for (let i = 0; i < images.length; i += batchSize) {
      const batch = images.slice(i, i + batchSize);
      for (const v of await m.embedPixels(m.pixelBatch(batch), batch.length)) out.push(Array.from(v));
    }
    return out;
  },

  async search(datasetId, query, images) {
    const t0 = performance.now();
    const store = dexieEmbeddingStore(db);
    const { indexes, embedded } = await datasetIndexes(datasetId, images);
    const perModel: { index: EmbeddingIndex; scores: Float32Array }[] = [];
    for (const [k, m] of models.entries()) {
      const vector = 'text' in query ? (await m.embedTexts([query.text]))[0] : (await store.get(m.id, [imageKey(query.imageHash)]))[0];
      if (!vector) throw new Error(`the image has no ${m.id} embedding — it is not in this dataset`);
      perModel.push({ index: indexes[k], scores: similarities(indexes[k], vector) });
    }
    const { hashes: ranked, scores } = ensembleScores(perModel);
    return Comlink.transfer({ hashes: ranked, scores, embedded, ms: performance.now() - t0 }, [scores.buffer]);
  },

  async embeddingMap(datasetId, onProgress, images) {
    const t0 = performance.now();
    const { indexes, embedded } = await datasetIndexes(datasetId, images);
    const layout = await embeddingLayout(indexes, { onProgress });
    return Comlink.transfer({ ...layout, embedded, ms: performance.now() - t0 }, [layout.xy.buffer]);
  },

  async dedup(datasetId, threshold, loaded) {
    const t0 = performance.now();
    const { indexes, embedded } = await datasetIndexes(datasetId, loaded);
    const { clusters, images } = nearDuplicates(indexes, threshold);
    return { clusters, images, embedded, ms: performance.now() - t0 };
  },

  async embedFiles(model, files) {
    const decoded = await Promise.all(files.map((f) => decodeRgba(new Blob([f.bytes as Uint8Array<ArrayBuffer>], { type: f.mime }))));
    return api.embedImages(
      model,
      decoded.map((d) => ({ width: d.width, height: d.height, data: new Uint8ClampedArray(d.data.buffer, d.data.byteOffset, d.data.byteLength) })),
    );
  },
};

Comlink.expose(api);

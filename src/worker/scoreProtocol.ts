// The scoring worker's interface, as the page sees it through comlink.

import type { ScoreProgress } from '../core/clip/pipeline.ts';
import type { NearMissRun } from '../core/eval/nearMiss.ts';

export interface ModelSpec {
  /** Name used for scores and embeddings: a bundled folder name, a Hub id, or a URL. */
  id: string;
  /** Where its files are: "/models/tiny-clip-vit/", a Hub resolve URL, or any base URL. */
  baseUrl: string;
}

export type BackendPreference = 'auto' | 'webgpu' | 'wasm';

export interface BackendInfo {
  backend: 'webgpu' | 'wasm';
  threads: number;
  /** Workers decoding images beside the sessions (0: the scoring thread decodes between batches). */
  decodeWorkers?: number;
  /** Why WebGPU was not used, when it was not. */
  note?: string;
  adapter?: string;
  /** Models that could not be loaded, with the reason; the others score. */
  failed: { id: string; reason: string }[];
  /** Every loaded model knows only the synthetic scenes (their config.json says `clip_curator.world`). */
  syntheticOnly: boolean;
}

export interface ScoreSummary {
  pairs: number;
  scored: number;
  embedded: { images: number; texts: number };
  reused: { images: number; texts: number };
  failed: { id: string; reason: string }[];
  ms: number;
}

export interface ScoreWorkerApi {
  /** Loads the models; in "auto", a software WebGPU adapter is skipped and a real one is timed against WASM (anyAdapter: time software ones too, for tests). */
  init(models: ModelSpec[], preference: BackendPreference, threads?: number, options?: { anyAdapter?: boolean }): Promise<BackendInfo>;
  scoreDataset(datasetId: string, onProgress: (p: ScoreProgress) => void): Promise<ScoreSummary>;
  cancel(): void;
  /** Score a dataset's hard negatives (those without scores, or all), compute hardness and apply the quality filters. */
  scoreNegatives(
    datasetId: string,
    rescore?: boolean,
    onProgress?: (done: number, total: number) => void,
    token?: string,
  ): Promise<{ scored: number; total: number }>;
  /** Stop the run started with this token (checked between slices; also when it arrives before the run starts). */
  cancelRun(token: string): void;
  /** Scores (per model and ensemble) of any image–text pairs, e.g. generated captions or negatives; null where the image does not decode. */
  scorePairs(pairs: { imageHash: string; text: string }[]): Promise<(Record<string, number> | null)[]>;
  /** The near-miss benchmark on held-out synthetic scenes (rendered in the worker, nothing stored). */
  nearMiss(seed: number, pairs: number): Promise<NearMissRun>;
  /** For parity tests and benchmarks: raw embeddings of texts, and of RGBA images. */
  embedTexts(model: string, texts: string[]): Promise<number[][]>;
  /**
   * Benchmark: milliseconds for the bare sessions and for the whole pipeline (PNG decode onwards) on N pairs; with
   * several models, the bare sessions one after the other and the pipeline scoring them together. The stage figures
   * (preprocess, tokenize) are summed over the models, decode and read counted once.
   */
  benchmark(
    model: string | string[],
    pngs: Uint8Array[],
    texts: string[],
    batch: number,
  ): Promise<{
    bareMs: number;
    /** Decode and preprocess in the decode workers while the scoring thread embeds (as scoring runs). */
    pipelineMs: number;
    /** Every stage on the scoring thread. */
    inThreadMs: number;
    decodeMs: number;
    readMs: number;
    preprocessMs: number;
    tokenizeMs: number;
  }>;
  embedImages(model: string, images: { width: number; height: number; data: Uint8ClampedArray }[], batchSize?: number): Promise<number[][]>;
  /**
   * Rank the dataset's images by their similarity to a text prompt or to one of its images (ensemble of the loaded
   * models: the mean cosine). Images without an embedding yet are embedded first (and kept). Scores per image hash.
   * `images`: the dataset's distinct image hashes as the page has them loaded (in item order), so that the worker need
   * not read every item again; without it the worker reads them.
   */
  search(
    datasetId: string,
    query: { text: string } | { imageHash: string },
    images?: string[],
  ): Promise<{ hashes: string[]; scores: Float32Array; embedded: number; ms: number }>;
  /** A 2-D map of the dataset's image embeddings (UMAP; see core/search/layout.ts). */
  embeddingMap(
    datasetId: string,
    onProgress: (done: number, total: number) => void,
    images?: string[],
  ): Promise<{ hashes: string[]; xy: Float32Array; fitted: number; embedded: number; ms: number }>;
  /** Clusters of near-identical images (largest first) by the loaded models' mean cosine at or above the threshold. */
  dedup(datasetId: string, threshold: number, images?: string[]): Promise<{ clusters: string[][]; images: number; embedded: number; ms: number }>;
  /** Encoded image files, decoded here as stored images are when pairs are scored (tests: decode parity). */
  embedFiles(model: string, files: { bytes: Uint8Array; mime: string }[]): Promise<number[][]>;
}

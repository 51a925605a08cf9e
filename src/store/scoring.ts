// The page's side of the scoring worker: which models, which backend, progress, and the last run's summary.

import * as Comlink from 'comlink';
import { create } from 'zustand';
import { fetchModelFile, httpReader, INT8_SUFFIX, modelBaseUrl, modelVariant, onnxFiles } from '../core/clip/modelFiles.ts';
import type { ScoreProgress } from '../core/clip/pipeline.ts';
import type { Item } from '../core/model.ts';
import { queryClient } from './client.ts';
import { keys } from './keys.ts';
import type { BackendInfo, BackendPreference, ModelSpec, ScoreSummary, ScoreWorkerApi } from '../worker/scoreProtocol.ts';

export type { BackendInfo, BackendPreference, ModelSpec, ScoreSummary };

export const BUNDLED_MODELS: ModelSpec[] = [
  { id: 'tiny-clip-vit', baseUrl: '/models/tiny-clip-vit/' },
  { id: 'tiny-clip-cnn', baseUrl: '/models/tiny-clip-cnn/' },
];

/** A model the user adds in Settings: a Hub id ("openai/clip-vit-base-patch32" exported to ONNX) or a base URL;
 * "…@q8" names its int8 weights (onnx/*_quantized.onnx), scored as a model of its own. */
export function modelSpecFor(idOrUrl: string): ModelSpec {
  const { name, int8 } = modelVariant(idOrUrl.trim());
  const id = name.replace(/^https?:\/\//, '').replace(/\/$/, '');
  return { id: int8 ? id + INT8_SUFFIX : id, baseUrl: modelBaseUrl(name) };
}

/** Check that a model answers before it is added: its config.json is fetched; the error says why it cannot be. */
export async function checkModel(spec: ModelSpec): Promise<void> {
  const bytes = await httpReader(spec.baseUrl, { modelId: spec.id })('config.json');
  try {
    JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error(`model "${spec.id}": ${spec.baseUrl}config.json is not JSON — is this the folder of an ONNX export in the Hub layout?`);
  }
  // The int8 files are not in every export: ask for their headers only (a ViT-B/32's is ~100 MB).
  if (modelVariant(spec.id).int8) await fetchModelFile(spec.id, new URL(onnxFiles(spec.id).vision, new URL(spec.baseUrl, location.href)), { method: 'HEAD' });
}

interface ScoringState {
  models: ModelSpec[];
  preference: BackendPreference;
  backend: BackendInfo | null;
  status: 'idle' | 'loading' | 'scoring';
  progress: ScoreProgress | null;
  summary: ScoreSummary | null;
  error: string | null;
  setModels: (m: ModelSpec[]) => void;
  setPreference: (p: BackendPreference) => void;
}

function saved<T>(key: string, fallback: T): T {
  try {
    const v = localStorage.getItem(key);
    return v ? (JSON.parse(v) as T) : fallback;
  } catch {
    return fallback;
  }
}

const params = typeof location === 'undefined' ? new URLSearchParams() : new URLSearchParams(location.search);

export const useScoring = create<ScoringState>((set) => ({
  models: saved('cc.models', BUNDLED_MODELS),
  // ?backend=wasm|webgpu overrides the saved choice (tests and benchmarks).
  preference: (params.get('backend') as BackendPreference) || saved('cc.backend', 'auto'),
  backend: null,
  status: 'idle',
  progress: null,
  summary: null,
  error: null,
  setModels: (models) => {
    localStorage.setItem('cc.models', JSON.stringify(models));
    set({ models, backend: null });
  },
  setPreference: (preference) => {
    localStorage.setItem('cc.backend', JSON.stringify(preference));
    set({ preference, backend: null });
  },
}));

let worker: Worker | undefined;
let api: Comlink.Remote<ScoreWorkerApi> | undefined;
let loaded: { key: string; info: Promise<BackendInfo> } | undefined;

function remote(): Comlink.Remote<ScoreWorkerApi> {
  if (!api) {
    worker = new Worker(new URL('../worker/score.worker.ts', import.meta.url), { type: 'module' });
    api = Comlink.wrap<ScoreWorkerApi>(worker);
  }
  return api;
}

/** Load the chosen models in the worker (once per choice). A new backend choice needs a fresh worker. */
export async function ensureModels(): Promise<BackendInfo> {
  const { models, preference } = useScoring.getState();
  const threads = params.get('threads') ? Number(params.get('threads')) : undefined;
  const key = JSON.stringify({ models, preference, threads });
  if (loaded?.key !== key) {
    if (loaded) {
      worker?.terminate();
      worker = undefined;
      api = undefined;
    }
    useScoring.setState({ status: 'loading', error: null });
    loaded = { key, info: remote().init(models, preference, threads, { anyAdapter: params.get('adapters') === 'any' }) };
    loaded.info.then(
      (backend) => useScoring.setState({ backend, status: 'idle' }),
      (e) => {
        loaded = undefined;
        useScoring.setState({ status: 'idle', error: `Loading models failed: ${(e as Error).message}` });
      },
    );
  }
  return loaded.info;
}

export async function scoreDataset(datasetId: string): Promise<ScoreSummary> {
  await ensureModels();
  useScoring.setState({ status: 'scoring', progress: null, error: null });
  try {
    const summary = await remote().scoreDataset(
      datasetId,
      Comlink.proxy((progress: ScoreProgress) => useScoring.setState({ progress })),
    );
    useScoring.setState({ summary, status: 'idle', progress: null });
    return summary;
  } catch (e) {
    useScoring.setState({ status: 'idle', progress: null, error: (e as Error).message });
    throw e;
  }
}

const distinctImages = new WeakMap<Item[], string[]>();

/** The dataset's distinct image hashes, in item order, from the items the page has loaded (undefined: not loaded). */
function loadedImages(datasetId: string): string[] | undefined {
  const items = queryClient.getQueryData<Item[]>(keys.items(datasetId));
  if (!items) return undefined;
  let list = distinctImages.get(items);
  if (!list) {
    const seen = new Set<string>();
    for (const i of items) if (i.imageHash) seen.add(i.imageHash);
    list = [...seen];
    distinctImages.set(items, list);
  }
  return list;
}

/** Rank the dataset's images by a text prompt or an image (the worker embeds images that have no embedding yet). */
export async function searchDataset(datasetId: string, query: { text: string } | { imageHash: string }) {
  await ensureModels();
  return remote().search(datasetId, query, loadedImages(datasetId));
}

export async function mapDataset(datasetId: string, onProgress: (done: number, total: number) => void) {
  await ensureModels();
  return remote().embeddingMap(datasetId, Comlink.proxy(onProgress), loadedImages(datasetId));
}

export async function dedupDataset(datasetId: string, threshold: number) {
  await ensureModels();
  return remote().dedup(datasetId, threshold, loadedImages(datasetId));
}

/** Scores of image–text pairs that are not (yet) items: prompt comparisons, hard negatives. */
export async function scoreAdhoc(pairs: { imageHash: string; text: string }[]): Promise<(Record<string, number> | null)[]> {
  await ensureModels();
  return remote().scorePairs(pairs);
}

/** The near-miss benchmark with the loaded models (held-out synthetic scenes). */
export async function runNearMiss(seed: number, pairs: number) {
  await ensureModels();
  return remote().nearMiss(seed, pairs);
}

let negativesRun: string | undefined;

export async function scoreDatasetNegatives(datasetId: string, rescore = false, onProgress: (done: number, total: number) => void = () => {}) {
  const token = crypto.randomUUID();
  negativesRun = token;
  try {
    await ensureModels();
    return await remote().scoreNegatives(datasetId, rescore, Comlink.proxy(onProgress), token);
  } finally {
    if (negativesRun === token) negativesRun = undefined;
  }
}

/** Stop the negatives scoring in progress; what it scored is kept. */
export function cancelNegativeScoring() {
  if (negativesRun) void remote().cancelRun(negativesRun);
}

export function cancelScoring() {
  void api?.cancel();
}

/** For the parity tests and benchmarks, which drive the worker from the page. */
export function scoringForTests() {
  return { ensureModels, api: () => remote() };
}

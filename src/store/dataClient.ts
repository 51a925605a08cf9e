// The page's side of the data worker (through Comlink): start a job, follow its progress, cancel it.

import * as Comlink from 'comlink';
import type { QueueCounts } from '../core/providers/queue.ts';
import type { PromptComparison } from '../core/providers/prompts.ts';
import type {
  AcceptedExportRequest,
  ComparePromptsRequest,
  DataWorkerApi,
  ImportProgress,
  ImportReport,
  NegativesRequest,
  NegativesResult,
  PickedFile,
  RoutesRequest,
  RoutesResult,
  TrainingExportRequest,
} from '../worker/dataProtocol.ts';

export type { ImportProgress, ImportReport, PickedFile };

let api: Comlink.Remote<DataWorkerApi> | undefined;

function dataWorker(): Comlink.Remote<DataWorkerApi> {
  api ??= Comlink.wrap<DataWorkerApi>(new Worker(new URL('../worker/data.worker.ts', import.meta.url), { type: 'module' }));
  return api;
}

export interface Job<T> {
  done: Promise<T>;
  cancel: () => void;
}

/** Start a job in the worker under a fresh id; `cancel` stops it there. */
function start<T>(call: (w: Comlink.Remote<DataWorkerApi>, jobId: string) => Promise<T>): Job<T> & { jobId: string } {
  const jobId = crypto.randomUUID();
  const w = dataWorker();
  return { jobId, done: call(w, jobId), cancel: () => void w.cancel(jobId) };
}

export function startImport(datasetId: string, files: PickedFile[], onProgress: (p: ImportProgress) => void): Job<ImportReport> {
  // Ask once that the browser keep this site's data under storage pressure (best effort; the answer is not needed).
  void navigator.storage?.persist?.().catch(() => false);
  return start((w, id) => w.importFiles(id, datasetId, files, Comlink.proxy(onProgress)));
}

/** Generate the synthetic demo dataset and import it (same path as a user's import). */
export function startDemo(datasetId: string, seed: number, count: number, onProgress: (p: ImportProgress) => void): Job<ImportReport> {
  return start((w, id) => w.importDemo(id, datasetId, seed, count, Comlink.proxy(onProgress)));
}

export function startExport(request: AcceptedExportRequest, onProgress: (done: number, phase: string) => void) {
  return start((w, id) => w.exportAccepted(id, request, Comlink.proxy(onProgress)));
}

export interface RoutesRun extends Job<RoutesResult> {
  pause: (paused: boolean) => void;
}

/** Run the preprocessing routes in the data worker; progress arrives as queue counts. */
export function startRoutes(request: RoutesRequest, onProgress: (c: QueueCounts) => void): RoutesRun {
  const job = start((w, id) => w.runRoutes(id, request, Comlink.proxy(onProgress)));
  return { ...job, pause: (paused) => void dataWorker().pauseRoutes(job.jobId, paused) };
}

export function startNegatives(request: NegativesRequest, onProgress: (done: number, total: number) => void): Job<NegativesResult> {
  return start((w, id) => w.generateNegatives(id, request, Comlink.proxy(onProgress)));
}

export function startTrainingExport(request: TrainingExportRequest, onProgress: (done: number) => void) {
  return start((w, id) => w.exportTraining(id, request, Comlink.proxy(onProgress)));
}

/** Compare prompt templates in the worker; `score` is called back for each produced caption. */
export function comparePromptsInWorker(
  request: ComparePromptsRequest,
  score: (imageHash: string, text: string) => Promise<number>,
): Promise<PromptComparison[]> {
  return dataWorker().comparePrompts(request, Comlink.proxy(score));
}

// The page's side of the data worker: start an import or export, follow its progress, cancel it.

import type { DataRequest, DataResponse, PickedFile } from '../worker/protocol.ts';
import type { GenerateResult, Skipped } from '../core/negatives/generate.ts';
import type { ImportReport } from './db.ts';
import type { ImportProgress } from './repo.ts';
import type { QueueCounts } from '../core/providers/queue.ts';

let worker: Worker | undefined;
const listeners = new Map<string, (m: DataResponse) => void>();

function dataWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('../worker/data.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<DataResponse>) => listeners.get(e.data.jobId)?.(e.data);
  }
  return worker;
}

function run<T>(request: DataRequest & { jobId: string }, onMessage: (m: DataResponse, resolve: (v: T) => void) => void): { done: Promise<T>; cancel: () => void } {
  const done = new Promise<T>((resolve, reject) => {
    listeners.set(request.jobId, (m) => {
      if (m.type === 'failed') {
        listeners.delete(request.jobId);
        reject(new Error(m.message));
      } else
        onMessage(m, (v) => {
          listeners.delete(request.jobId);
          resolve(v);
        });
    });
  });
  dataWorker().postMessage(request);
  return { done, cancel: () => dataWorker().postMessage({ type: 'cancel', jobId: request.jobId } satisfies DataRequest) };
}

export function startImport(datasetId: string, files: PickedFile[], onProgress: (p: ImportProgress) => void) {
  return run<ImportReport>({ type: 'import', jobId: crypto.randomUUID(), datasetId, files }, (m, resolve) => {
    if (m.type === 'import-progress') onProgress(m.progress);
    if (m.type === 'import-done') resolve(m.report);
  });
}

/** Generate the synthetic demo dataset and import it (same path as a user's import). */
export function startDemo(datasetId: string, seed: number, count: number, onProgress: (p: ImportProgress) => void) {
  return run<ImportReport>({ type: 'demo', jobId: crypto.randomUUID(), datasetId, seed, count }, (m, resolve) => {
    if (m.type === 'import-progress') onProgress(m.progress);
    if (m.type === 'import-done') resolve(m.report);
  });
}

export function startExport(datasetId: string, datasetName: string, reviewer: string, onProgress: (done: number, phase: string) => void) {
  return run<{ blob: Blob; rows: number; images: number }>({ type: 'export', jobId: crypto.randomUUID(), datasetId, datasetName, reviewer }, (m, resolve) => {
    if (m.type === 'export-progress') onProgress(m.done, m.phase);
    if (m.type === 'export-done') resolve({ blob: m.blob, rows: m.rows, images: m.images });
  });
}

export interface RoutesRun {
  done: Promise<{ counts: QueueCounts; failed: { itemId: string; reason: string }[] }>;
  cancel: () => void;
  pause: (paused: boolean) => void;
}

/** Run the preprocessing routes in the data worker; progress arrives as queue counts. */
export function startRoutes(request: Omit<Extract<DataRequest, { type: 'routes' }>, 'type' | 'jobId'>, onProgress: (c: QueueCounts) => void): RoutesRun {
  const jobId = crypto.randomUUID();
  const { done, cancel } = run<{ counts: QueueCounts; failed: { itemId: string; reason: string }[] }>({ type: 'routes', jobId, ...request }, (m, resolve) => {
    if (m.type === 'routes-progress') onProgress(m.counts);
    if (m.type === 'routes-done') resolve({ counts: m.counts, failed: m.failed });
  });
  return { done, cancel, pause: (paused) => dataWorker().postMessage({ type: 'routes-pause', jobId, paused } satisfies DataRequest) };
}

export function startNegatives(request: Omit<Extract<DataRequest, { type: 'negatives' }>, 'type' | 'jobId'>, onProgress: (done: number, total: number) => void) {
  const jobId = crypto.randomUUID();
  return run<{ made: number; skipped: Skipped[]; timing: GenerateResult['timing'] }>({ type: 'negatives', jobId, ...request }, (m, resolve) => {
    if (m.type === 'negatives-progress') onProgress(m.done, m.total);
    if (m.type === 'negatives-done') resolve({ made: m.made, skipped: m.skipped, timing: m.timing });
  });
}

export function startTrainingExport(request: Omit<Extract<DataRequest, { type: 'export-training' }>, 'type' | 'jobId'>, onProgress: (done: number) => void) {
  const jobId = crypto.randomUUID();
  return run<{ blob: Blob; pairs: number; images: number; negatives: number; ms: number }>({ type: 'export-training', jobId, ...request }, (m, resolve) => {
    if (m.type === 'export-progress') onProgress(m.done);
    if (m.type === 'export-training-done') resolve({ blob: m.blob, pairs: m.pairs, images: m.images, negatives: m.negatives, ms: m.ms });
  });
}

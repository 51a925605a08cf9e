// The data worker: imports, exports, preprocessing routes, hard-negative generation and prompt comparisons, off the
// main thread. Each job is a module under data/; this file only exposes them through Comlink.

import * as Comlink from 'comlink';
import type { DataWorkerApi } from './dataProtocol.ts';
import { exportAccepted } from './data/acceptedExport.ts';
import { cancel, cancellable } from './data/context.ts';
import { importDemo, importPicked } from './data/import.ts';
import { runNegatives } from './data/negatives.ts';
import { runComparePrompts } from './data/prompts.ts';
import { pauseRoutes, runRoutes } from './data/routes.ts';
import { exportTraining } from './data/trainingExport.ts';

const api: DataWorkerApi = {
  importFiles: (jobId, datasetId, files, onProgress) => cancellable(jobId, (signal) => importPicked(datasetId, files, onProgress, signal)),
  importDemo: (jobId, datasetId, seed, count, onProgress) => cancellable(jobId, (signal) => importDemo(datasetId, seed, count, onProgress, signal)),
  exportAccepted: (jobId, request, onProgress) => cancellable(jobId, (signal) => exportAccepted(request, onProgress, signal)),
  exportTraining: (jobId, request, onProgress) => cancellable(jobId, (signal) => exportTraining(request, onProgress, signal)),
  runRoutes: (jobId, request, onProgress) => cancellable(jobId, (_signal, onStop) => runRoutes(jobId, request, onProgress, onStop)),
  pauseRoutes,
  generateNegatives: (jobId, request, onProgress) => cancellable(jobId, (signal) => runNegatives(request, onProgress, signal)),
  comparePrompts: runComparePrompts,
  cancel,
};

Comlink.expose(api);

// The data worker's interface, as the page sees it through Comlink: one method per job, each with a job id that
// `cancel` (and, for routes, `pauseRoutes`) refers to, and a progress callback passed with Comlink.proxy.

import type { BasicFilters } from '../core/curation/basics.ts';
import type { ExportFormat, TrainingFilter } from '../core/export/formats.ts';
import type { GenerateResult, NegativeOptions, Skipped } from '../core/negatives/generate.ts';
import type { HfSettings } from '../core/providers/hf.ts';
import type { QueueCounts } from '../core/providers/queue.ts';
import type { Route } from '../core/providers/routes.ts';
import type { PromptComparison } from '../core/providers/prompts.ts';
import type { PromptTemplate } from '../core/providers/types.ts';
import type { ImportReport } from '../persist/db.ts';
import type { ImportProgress } from '../persist/imports.ts';

export type { ImportProgress, ImportReport };

/** A file the user picked or dropped, with its path inside the dropped folder. */
export interface PickedFile {
  path: string;
  file: Blob;
}

export interface Cut {
  model: string;
  value: number;
}

export interface AcceptedExportRequest {
  datasetId: string;
  datasetName: string;
  reviewer: string;
}

export interface TrainingExportRequest extends AcceptedExportRequest {
  format: ExportFormat;
  shardSize: number;
  filter: TrainingFilter;
  cut?: Cut;
  models: string[];
  /** DataComp's basic filters, as the sidebar sets them. */
  basics?: BasicFilters;
  /** Also write the loaded models' stored embeddings of the exported pairs (clip-retrieval's layout). */
  embeddings?: boolean;
}

export interface RoutesRequest {
  datasetId: string;
  routes: Route[];
  provider: 'offline' | 'hf';
  hf?: HfSettings;
  cut: Cut;
  prompts: Record<'caption' | 'repair', PromptTemplate>;
  /** Only resume the jobs a reload left unfinished; queue nothing new. */
  resumeOnly?: boolean;
  itemIds?: string[];
}

export interface NegativesRequest {
  datasetId: string;
  options: NegativeOptions;
  provider: 'offline' | 'hf';
  hf?: HfSettings;
  cut?: Cut;
}

export interface RoutesResult {
  counts: QueueCounts;
  failed: { itemId: string; reason: string }[];
}

export interface NegativesResult {
  made: number;
  skipped: Skipped[];
  timing: GenerateResult['timing'];
}

export interface DataWorkerApi {
  importFiles(jobId: string, datasetId: string, files: PickedFile[], onProgress: (p: ImportProgress) => void): Promise<ImportReport>;
  /** Generate the synthetic demo dataset and import it (the same path as a user's import). */
  importDemo(jobId: string, datasetId: string, seed: number, count: number, onProgress: (p: ImportProgress) => void): Promise<ImportReport>;
  exportAccepted(
    jobId: string,
    request: AcceptedExportRequest,
    onProgress: (done: number, phase: string) => void,
  ): Promise<{ blob: Blob; rows: number; images: number }>;
  exportTraining(
    jobId: string,
    request: TrainingExportRequest,
    onProgress: (done: number) => void,
  ): Promise<{ blob: Blob; pairs: number; images: number; negatives: number; warnings: string[]; ms: number }>;
  runRoutes(jobId: string, request: RoutesRequest, onProgress: (counts: QueueCounts) => void): Promise<RoutesResult>;
  pauseRoutes(jobId: string, paused: boolean): void;
  generateNegatives(jobId: string, request: NegativesRequest, onProgress: (done: number, total: number) => void): Promise<NegativesResult>;
  /**
   * Run K prompt templates on the same sample with the chosen provider, off the main thread; `score` (on the page,
   * through the scoring worker) gives each produced caption's CLIP score. Best template first.
   */
  comparePrompts(request: ComparePromptsRequest, score: (imageHash: string, text: string) => Promise<number>): Promise<PromptComparison[]>;
  cancel(jobId: string): Promise<void>;
}

export interface ComparePromptsRequest {
  provider: 'offline' | 'hf';
  hf?: HfSettings;
  route: 'caption' | 'repair';
  templates: PromptTemplate[];
  /** The sample's items: their image and the caption to repair. */
  sample: { id: string; imageHash: string; caption?: string }[];
}

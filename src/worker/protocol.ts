// Messages between the page and the data worker, which runs imports and exports off the main thread.

import type { ImportReport } from '../store/db.ts';
import type { ImportProgress } from '../store/repo.ts';
import type { HfSettings } from '../core/providers/hf.ts';
import type { QueueCounts } from '../core/providers/queue.ts';
import type { Route } from '../core/providers/routes.ts';
import type { PromptTemplate } from '../core/providers/types.ts';
import type { ExportFormat } from '../core/export/formats.ts';

/** Which pairs a training set holds: accepted ones, every pair not rejected, or those not rejected at or above the cut. */
export type TrainingFilter = 'accepted' | 'not-rejected' | 'cut';
import type { GenerateResult, NegativeOptions, Skipped } from '../core/negatives/generate.ts';

export interface PickedFile {
  path: string;
  file: File;
}

export type DataRequest =
  | { type: 'import'; jobId: string; datasetId: string; files: PickedFile[] }
  | { type: 'demo'; jobId: string; datasetId: string; seed: number; count: number }
  | { type: 'export'; jobId: string; datasetId: string; datasetName: string; reviewer: string }
  | { type: 'export-training'; jobId: string; datasetId: string; datasetName: string; reviewer: string; format: ExportFormat; shardSize: number; filter: TrainingFilter; cut?: { model: string; value: number }; models: string[] }
  | { type: 'cancel'; jobId: string }
  | { type: 'routes'; jobId: string; datasetId: string; routes: Route[]; provider: 'offline' | 'hf'; hf?: HfSettings; cut: { model: string; value: number }; prompts: Record<'caption' | 'repair', PromptTemplate>; resumeOnly?: boolean; itemIds?: string[] }
  | { type: 'routes-pause'; jobId: string; paused: boolean }
  | { type: 'negatives'; jobId: string; datasetId: string; options: NegativeOptions; provider: 'offline' | 'hf'; hf?: HfSettings; cut?: { model: string; value: number } };

export type DataResponse =
  | { type: 'import-progress'; jobId: string; progress: ImportProgress }
  | { type: 'import-done'; jobId: string; report: ImportReport }
  | { type: 'export-progress'; jobId: string; done: number; phase: 'rows' | 'images' }
  | { type: 'export-done'; jobId: string; blob: Blob; rows: number; images: number }
  | { type: 'export-training-done'; jobId: string; blob: Blob; pairs: number; images: number; negatives: number; ms: number }
  | { type: 'routes-progress'; jobId: string; counts: QueueCounts }
  | { type: 'routes-done'; jobId: string; counts: QueueCounts; failed: { itemId: string; reason: string }[] }
  | { type: 'negatives-progress'; jobId: string; done: number; total: number }
  | { type: 'negatives-done'; jobId: string; made: number; skipped: Skipped[]; timing: GenerateResult['timing'] }
  | { type: 'failed'; jobId: string; message: string };

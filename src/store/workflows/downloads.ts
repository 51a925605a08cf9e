// Downloads: a finished export's Blob saved under a safe name; the "export accepted pairs" zip and the training set,
// each from start to download, with progress.

import { hasBasicFilters } from '../../core/curation/basics.ts';
import { create } from 'zustand';
import type { Dataset } from '../../core/model.ts';
import { FORMAT_NAMES, sanitizeName } from '../../core/export/formats.ts';
import type { TrainingExportRequest } from '../../worker/dataProtocol.ts';
import { startExport, startTrainingExport } from '../dataClient.ts';
import { useScoring } from '../scoring.ts';
import { useUi } from '../ui.ts';

/** Progress of the accepted-pairs export, shown in the header; null when none runs. */
export const useDownload = create<{ progress: string | null }>(() => ({ progress: null }));

export function saveBlob(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}

export async function downloadAccepted(dataset: Dataset | undefined): Promise<void> {
  const { notify, reviewer } = useUi.getState();
  if (!dataset) return notify('Open or import a dataset first.', 'error');
  useDownload.setState({ progress: 'starting…' });
  try {
    const job = startExport({ datasetId: dataset.id, datasetName: dataset.name, reviewer }, (done, phase) =>
      useDownload.setState({ progress: `${done} ${phase}` }),
    );
    const { blob, rows, images } = await job.done;
    saveBlob(blob, `${dataset.name.replace(/[^\w.-]+/g, '_')}-accepted.zip`);
    notify(`Exported ${rows} accepted pairs with ${images} images.`);
  } catch (e) {
    notify(`Export failed: ${(e as Error).message}`, 'error');
  } finally {
    useDownload.setState({ progress: null });
  }
}

/** A training set in one format, streamed out of the data worker, then downloaded and summarised. */
export async function downloadTrainingSet(request: Omit<TrainingExportRequest, 'reviewer' | 'models'>, onProgress: (done: number) => void): Promise<void> {
  const { reviewer, notify, filters } = useUi.getState();
  // The sidebar's data basics (caption words, image size, repeated captions) apply to the export as to the grid.
  const basics = hasBasicFilters(filters.basics) ? filters.basics : undefined;
  const job = startTrainingExport({ ...request, basics, reviewer, models: useScoring.getState().models.map((m) => m.id) }, onProgress);
  const out = await job.done;
  saveBlob(out.blob, `${sanitizeName(request.datasetName)}-${request.format}.zip`);
  notify(
    `Exported ${out.pairs} pairs, ${out.images} images and ${out.negatives} negatives as ${FORMAT_NAMES[request.format]} in ${(out.ms / 1000).toFixed(1)} s.` +
      out.warnings.map((w) => ` Warning: ${w}.`).join(''),
  );
}

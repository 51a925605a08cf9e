// Downloads: a finished export's Blob saved under a safe name, and the "export accepted pairs" zip from start to
// download, with its progress.

import { create } from 'zustand';
import type { Dataset } from '../../core/model.ts';
import { startExport } from '../dataClient.ts';
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

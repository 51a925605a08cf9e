// Says, above the grid, that an import of the open dataset was cut short (the tab or the browser closed mid-way),
// how far it got, and the two ways out: import the same files again (rows already stored are skipped), or discard.

import { useQueryClient } from '@tanstack/react-query';
import { useInterruptedImports } from '../../store/queries.ts';
import { useUi } from '../../store/ui.ts';
import { discardInterruptedImport } from '../../store/workflows/imports.ts';

export function ImportNotice({ datasetId }: { datasetId: string }) {
  const client = useQueryClient();
  const jobs = useInterruptedImports(datasetId).data ?? [];
  if (!jobs.length) return null;
  return (
    <div role="note" data-testid="import-notice" className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-950">
      {jobs.map((job) => (
        <p key={job.id}>
          The import of {job.sources.join(', ')} was interrupted after {(job.stored ?? 0).toLocaleString('en-US')} rows were stored. Resume: import the same
          files again (rows already stored are skipped){' '}
          <button type="button" className="rounded border border-amber-400 bg-white px-2" onClick={() => useUi.getState().setOverlay('import')}>
            Import…
          </button>{' '}
          or{' '}
          <button
            type="button"
            className="rounded border border-amber-400 bg-white px-2"
            onClick={() => void discardInterruptedImport(client, datasetId, job.id!)}
          >
            Discard these {(job.stored ?? 0).toLocaleString('en-US')} rows
          </button>
        </p>
      ))}
    </div>
  );
}

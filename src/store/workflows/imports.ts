// Imports a crash cut short: discarding one removes the rows it stored (resuming is importing the same files again,
// which skips the rows already stored).

import type { QueryClient } from '@tanstack/react-query';
import { discardImport } from '../../persist/imports.ts';
import { db } from '../database.ts';
import { refreshDataset } from '../queries.ts';
import { useUi } from '../ui.ts';

export async function discardInterruptedImport(client: QueryClient, datasetId: string, reportId: number): Promise<void> {
  try {
    const removed = await discardImport(db, reportId);
    await refreshDataset(client, datasetId);
    useUi.getState().notify(`Discarded the interrupted import: removed the ${removed.toLocaleString('en-US')} rows it had stored.`);
  } catch (e) {
    useUi.getState().notify(`Discarding the import failed: ${(e as Error).message}`, 'error');
  }
}

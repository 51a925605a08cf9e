// Scoring a dataset from the page: run it in the scoring worker (or cancel the run in progress), show the new
// scores, and say what happened.

import type { QueryClient } from '@tanstack/react-query';
import { fetchImportReports, refreshItems } from '../queries.ts';
import { syntheticOnly, worldMismatch } from '../world.ts';
import { cancelScoring, scoreDataset, useScoring } from '../scoring.ts';
import { useUi } from '../ui.ts';

export async function scoreAndReport(client: QueryClient, datasetId: string | null): Promise<void> {
  const { notify } = useUi.getState();
  if (!datasetId) return notify('Open or import a dataset first.', 'error');
  if (useScoring.getState().status === 'scoring') return cancelScoring();
  try {
    const s = await scoreDataset(datasetId);
    await refreshItems(client, datasetId);
    const missing = useScoring.getState().backend?.failed ?? [];
    const mismatch = worldMismatch(await fetchImportReports(client, datasetId), syntheticOnly(useScoring.getState()));
    notify(
      `Scored ${s.scored} of ${s.pairs} pairs in ${(s.ms / 1000).toFixed(1)} s: embedded ${s.embedded.images} images and ${s.embedded.texts} texts, reused ${s.reused.images} images and ${s.reused.texts} texts.` +
        (s.failed.length ? ` ${s.failed.length} pairs failed: ${s.failed[0].reason}` : '') +
        (missing.length ? ` ${missing.length === 1 ? 'One model was' : `${missing.length} models were`} left out — ${missing[0].reason}` : '') +
        (mismatch ? ` ${mismatch}` : ''),
      s.failed.length || missing.length || mismatch ? 'error' : 'info',
    );
  } catch (e) {
    notify(`Scoring stopped: ${(e as Error).message}`, 'error');
  }
}

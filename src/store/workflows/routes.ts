// The preprocessing routes from the page: run them in the data worker (the whole dataset, a selection, or only what
// a reload left unfinished), then score every result again so that it lands in review against the threshold, and
// say how many generated pairs pass the cut.

import type { QueryClient } from '@tanstack/react-query';
import type { Route } from '../../core/providers/routes.ts';
import { unfinishedJobCount } from '../../persist/jobs.ts';
import { loadItems } from '../../persist/repo.ts';
import { startRoutes, type RoutesRun } from '../dataClient.ts';
import { db } from '../database.ts';
import { activePrompts, hfSettings, usePreprocess } from '../preprocess.ts';
import { refreshItems } from '../queries.ts';
import { scoreDataset } from '../scoring.ts';
import { useUi } from '../ui.ts';
import { workingCut } from './cut.ts';

export const ALL_ROUTES: Route[] = ['repair', 'caption', 'generate'];

let current: RoutesRun | undefined;

export function pauseRoutes(paused: boolean) {
  current?.pause(paused);
  usePreprocess.getState().set({ paused });
}

export function cancelRoutes() {
  current?.cancel();
}

export async function runRoutes(
  client: QueryClient,
  datasetId: string | null,
  o: { routes: Route[]; cutOnScreen: number; resumeOnly?: boolean; itemIds?: string[] },
): Promise<void> {
  const pre = usePreprocess.getState();
  if (!datasetId || pre.running) return;
  const { notify } = useUi.getState();
  pre.set({ running: true, paused: false, counts: null });
  const cut = (await workingCut(datasetId, o.cutOnScreen))!;
  current = startRoutes(
    {
      datasetId,
      routes: o.routes,
      provider: pre.provider,
      hf: pre.provider === 'hf' ? hfSettings() : undefined,
      cut,
      prompts: activePrompts(),
      resumeOnly: o.resumeOnly,
      itemIds: o.itemIds,
    },
    (counts) => usePreprocess.getState().set({ counts }),
  );
  try {
    const { counts, failed } = await current.done;
    await refreshItems(client, datasetId);
    // Every result is scored again and lands in review against the threshold.
    await scoreDataset(datasetId);
    await refreshItems(client, datasetId);
    const fresh = await loadItems(db, datasetId);
    const generated = fresh.filter(
      (i) => i.captions.at(-1)?.provenance.origin === 'generated' || (i.extra?.image_provenance as { origin?: string } | undefined)?.origin === 'generated',
    );
    const passing = generated.filter((i) => (i.scores?.[cut.model] ?? -Infinity) >= cut.value).length;
    notify(
      `Preprocessing: ${counts.done} done, ${counts.failed} failed, ${counts.requests} requests; ${passing} of ${generated.length} generated pairs pass the cut ${cut.value.toFixed(3)} (${cut.model}).` +
        (failed.length ? ` First failure: ${failed[0].reason}` : ''),
      failed.length ? 'error' : 'info',
    );
  } catch (e) {
    notify(`Preprocessing stopped: ${(e as Error).message}`, 'error');
  } finally {
    usePreprocess.getState().set({ running: false, paused: false });
    current = undefined;
  }
}

/** Jobs a reload or a crash left unfinished resume by themselves when their dataset opens. */
export async function resumeRoutes(client: QueryClient, datasetId: string, cutOnScreen: number): Promise<void> {
  const n = await unfinishedJobCount(db, datasetId);
  if (!n) return;
  useUi.getState().notify(`Resuming ${n} preprocessing jobs left unfinished.`);
  await runRoutes(client, datasetId, { routes: [], cutOnScreen, resumeOnly: true });
}

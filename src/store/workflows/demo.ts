// The embedded default: the demo dataset of synthetic scenes, loaded on a first visit or on request. The dataset
// records that it is the demo and whether its import finished, so a reload in the middle finishes it, and asking
// for the demo again opens the one there is.

import { durableReady, setDurable } from '../durable.ts';
import type { QueryClient } from '@tanstack/react-query';
import { create } from 'zustand';
import type { Dataset } from '../../core/model.ts';
import { kindCounts } from '../../core/words.ts';
import { DEMO_COUNT, DEMO_SEED } from '../../core/synth/demoFiles.ts';
import { clearDatasetItems, createDataset, listDatasets, updateDataset } from '../../persist/repo.ts';
import { startDemo } from '../dataClient.ts';
import { db } from '../database.ts';
import { keys, refreshDataset } from '../queries.ts';
import { useUi } from '../ui.ts';

export const useDemo = create<{ loading: boolean }>(() => ({ loading: false }));

/** Import the demo into its dataset from the start (a partial import is cleared first: the demo is deterministic). */
async function fillDemo(client: QueryClient, ds: Dataset & { demo: NonNullable<Dataset['demo']> }): Promise<void> {
  const { notify, openDataset } = useUi.getState();
  try {
    await clearDatasetItems(db, ds.id);
    openDataset(ds.id);
    const report = await startDemo(ds.id, ds.demo.seed, ds.demo.count, () => {}).done;
    await updateDataset(db, ds.id, { demo: { ...ds.demo, complete: true } });
    await refreshDataset(client, ds.id);
    notify(`Demo loaded: ${kindCounts(report.counts)} (some pairs deliberately mismatched). Press s to score.`);
  } catch (e) {
    notify(`Loading the demo failed: ${(e as Error).message}`, 'error');
  }
}

export async function loadDemo(client: QueryClient): Promise<void> {
  // One at a time: the first-visit offer and the button may both ask.
  if (useDemo.getState().loading) return;
  useDemo.setState({ loading: true });
  try {
    const existing = (await listDatasets(db)).find((d) => d.demo?.seed === DEMO_SEED && d.demo.count === DEMO_COUNT);
    if (existing?.demo?.complete) {
      useUi.getState().openDataset(existing.id);
      return useUi.getState().notify('The demo dataset is open (it was loaded before).');
    }
    const ds =
      existing ?? (await createDataset(db, `Demo (synthetic scenes, seed ${DEMO_SEED})`, { demo: { seed: DEMO_SEED, count: DEMO_COUNT, complete: false } }));
    await client.invalidateQueries({ queryKey: keys.datasets() });
    await fillDemo(client, ds as Dataset & { demo: NonNullable<Dataset['demo']> });
  } finally {
    useDemo.setState({ loading: false });
  }
}

/** A first visit with no datasets opens the demo (not with ?demo=0, as in tests of other journeys); a demo import a reload cut short is finished. */
export async function offerDemoOnFirstVisit(client: QueryClient, datasets: Dataset[]): Promise<void> {
  await durableReady;
  const unfinished = datasets.find((d) => d.demo && !d.demo.complete);
  // The demo this tab is importing is unfinished too until it ends: only another session's is interrupted.
  if (unfinished && useDemo.getState().loading) return;
  if (unfinished) {
    useUi.getState().notify('Finishing the demo import that a reload interrupted…');
    void loadDemo(client);
    return;
  }
  if (datasets.length || localStorage.getItem('cc.demoOffered') || new URLSearchParams(location.search).get('demo') === '0') return;
  setDurable('cc.demoOffered', '1');
  void loadDemo(client);
}

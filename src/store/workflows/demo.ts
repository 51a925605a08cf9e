// The embedded default: the demo dataset of synthetic scenes, loaded on a first visit or on request.

import type { QueryClient } from '@tanstack/react-query';
import { create } from 'zustand';
import { DEMO_COUNT, DEMO_SEED } from '../../core/synth/demoFiles.ts';
import { startDemo } from '../dataClient.ts';
import { mutations } from '../mutations.ts';
import { refreshDataset } from '../queries.ts';
import { useUi } from '../ui.ts';

export const useDemo = create<{ loading: boolean }>(() => ({ loading: false }));

export async function loadDemo(client: QueryClient): Promise<void> {
  const { notify, openDataset } = useUi.getState();
  useDemo.setState({ loading: true });
  try {
    const ds = await mutations(client).createDataset({ name: `Demo (synthetic scenes, seed ${DEMO_SEED})` });
    const report = await startDemo(ds.id, DEMO_SEED, DEMO_COUNT, () => {}).done;
    await refreshDataset(client, ds.id);
    openDataset(ds.id);
    notify(
      `Demo loaded: ${report.counts.pair} pairs (some deliberately mismatched), ${report.counts.image} lone images, ${report.counts.text} lone texts. Press s to score.`,
    );
  } catch (e) {
    notify(`Loading the demo failed: ${(e as Error).message}`, 'error');
  } finally {
    useDemo.setState({ loading: false });
  }
}

/** A first visit with no datasets opens the demo (not with ?demo=0, as in tests of other journeys). */
export function offerDemoOnFirstVisit(client: QueryClient, datasetCount: number): void {
  if (datasetCount || localStorage.getItem('cc.demoOffered') || new URLSearchParams(location.search).get('demo') === '0') return;
  localStorage.setItem('cc.demoOffered', '1');
  void loadDemo(client);
}

// Hard-negative generation from the page: generate in the data worker, then score the negatives with the
// verification models (hardness and quality filters), and summarise. A run is remembered until it finishes, so a
// reload runs it again on the same pairs and options, skipping what was made (same ids).

import { type DurableKey, durableReady, setDurable } from '../durable.ts';
import type { QueryClient } from '@tanstack/react-query';
import type { NegativeOptions } from '../../core/negatives/generate.ts';
import { startNegatives } from '../dataClient.ts';
import { useNegatives } from '../negatives.ts';
import { hfSettings, usePreprocess } from '../preprocess.ts';
import { refreshNegatives } from '../queries.ts';
import { scoreDatasetNegatives } from '../scoring.ts';
import { useUi } from '../ui.ts';
import { workingCut } from './cut.ts';

/** A hard-negative generation in progress, so that a reload can finish it. */
const NEG_RUN_KEY = 'cc.negativeRun' satisfies DurableKey;

interface NegativeRun {
  datasetId: string;
  options: NegativeOptions;
  cut?: { model: string; value: number };
}

/** Score the negatives that have no scores (or all of them), with a count, cancellable; what is scored is kept. */
export async function scoreNegatives(client: QueryClient, datasetId: string | null, rescore: boolean): Promise<boolean> {
  if (!datasetId) return false;
  const set = useNegatives.getState().set;
  set({ progress: 'scoring negatives: loading the verification models…', scoring: true });
  try {
    const r = await scoreDatasetNegatives(datasetId, rescore, (done, total) =>
      set({ progress: `scoring negatives: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}` }),
    );
    set({ progress: `scored ${r.scored} of ${r.total}` });
    return true;
  } catch (e) {
    set({ progress: (e as Error).message });
    useUi.getState().notify(`Scoring negatives stopped: ${(e as Error).message}`, 'error');
    return false;
  } finally {
    set({ scoring: false });
    await refreshNegatives(client, datasetId);
  }
}

/** Generate negatives for the verified pairs (those that pass the cut, when there is one). */
export async function generateNegatives(client: QueryClient, datasetId: string | null, o: { cutOnScreen?: number; resumed?: NegativeRun }): Promise<void> {
  const neg = useNegatives.getState();
  if (!datasetId || neg.running) return;
  const { notify } = useUi.getState();
  neg.set({ running: true });
  try {
    const { provider } = usePreprocess.getState();
    const t0 = performance.now();
    const cut = o.resumed ? o.resumed.cut : await workingCut(datasetId, o.cutOnScreen);
    const options = o.resumed?.options ?? neg.options;
    setDurable(NEG_RUN_KEY, JSON.stringify({ datasetId, options, cut } satisfies NegativeRun));
    const out = await startNegatives({ datasetId, options, provider, hf: provider === 'hf' ? hfSettings() : undefined, cut }, (done, total) =>
      useNegatives.getState().set({ progress: `generating: ${done} of ${total} pairs` }),
    ).done;
    await refreshNegatives(client, datasetId);
    // Scored before the run counts as finished: a reload in between generates nothing new and scores the rest. A
    // cancel ends the run (what was scored is kept; Generate again scores the rest).
    const scored = await scoreNegatives(client, datasetId, false);
    setDurable(NEG_RUN_KEY, null);
    if (!scored) return;
    const reasons = new Map<string, number>();
    for (const s of out.skipped) reasons.set(`${s.type}: ${s.reason}`, (reasons.get(`${s.type}: ${s.reason}`) ?? 0) + 1);
    const top = [...reasons.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([r, n]) => `${n}× ${r}`);
    notify(
      `Made ${out.made} negatives in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${out.skipped.length} not made${top.length ? ` (${top.join('; ')})` : ''}.`,
    );
  } catch (e) {
    setDurable(NEG_RUN_KEY, null);
    notify(`Generating negatives stopped: ${(e as Error).message}`, 'error');
  } finally {
    useNegatives.getState().set({ running: false });
  }
}

/** A generation a reload cut short runs again when its dataset opens; what was made is kept. */
export async function resumeNegatives(client: QueryClient, datasetId: string): Promise<void> {
  await durableReady;
  try {
    const run = JSON.parse(localStorage.getItem(NEG_RUN_KEY) ?? 'null') as NegativeRun | null;
    if (run?.datasetId !== datasetId) return;
    useUi.getState().notify('Resuming the hard-negative generation left unfinished; what was made is kept.');
    void generateNegatives(client, datasetId, { resumed: run });
  } catch {
    setDurable(NEG_RUN_KEY, null);
  }
}

// Search: a text prompt, or "more like this" on an item, ranks the grid by the similarity of each image's embedding
// to the query (the ensemble of the loaded models). The ranking combines with the filters; clearing it restores the
// grid's own order.

import { create } from 'zustand';
import { useDedup } from './dedup.ts';
import { searchDataset } from './scoring.ts';
import { useUi } from './ui.ts';

export interface SearchState {
  /** What was searched for, in words ("“a red car”", "more like #12"). */
  label: string | null;
  /** Similarity per image hash; null when no search is active. */
  scores: Map<string, number> | null;
  running: boolean;
  clear: () => void;
}

export const useSearch = create<SearchState>((set) => ({
  label: null,
  scores: null,
  running: false,
  clear: () => set({ label: null, scores: null }),
}));

export async function runSearch(datasetId: string, query: { text: string } | { imageHash: string; seq: number }): Promise<void> {
  const label = 'text' in query ? `“${query.text}”` : `more like #${query.seq + 1}`;
  useSearch.setState({ running: true });
  useDedup.getState().clear();
  try {
    const r = await searchDataset(datasetId, 'text' in query ? { text: query.text } : { imageHash: query.imageHash });
    const scores = new Map<string, number>();
    r.hashes.forEach((h, i) => scores.set(h, r.scores[i]));
    useSearch.setState({ label, scores });
    useUi
      .getState()
      .notify(
        `Ranked ${r.hashes.length.toLocaleString('en-US')} images by ${label} in ${Math.round(r.ms)} ms${r.embedded ? ` (embedded ${r.embedded} images first)` : ''}. Esc in the search box clears it.`,
      );
  } catch (e) {
    useUi.getState().notify(`Search failed: ${(e as Error).message}`, 'error');
  } finally {
    useSearch.setState({ running: false });
  }
}

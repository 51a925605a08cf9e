// The embedding map: a 2-D layout of the dataset's images (computed in the scoring worker), how its points are
// coloured, and the box the reviewer drew on it, which filters the grid to the images inside.

import { create } from 'zustand';
import { mapDataset } from './scoring.ts';
import { useUi } from './ui.ts';

export type MapColor = 'score' | 'status' | 'kind' | 'search';

export interface MapState {
  open: boolean;
  /** The layout, for this dataset; null until computed. */
  layout: { datasetId: string; hashes: string[]; xy: Float32Array; fitted: number } | null;
  colorBy: MapColor;
  /** Image hashes inside the drawn box; null when no box filters the grid. */
  selection: Set<string> | null;
  progress: { done: number; total: number } | null;
  set: (s: Partial<Pick<MapState, 'open' | 'colorBy' | 'selection'>>) => void;
}

export const useMap = create<MapState>((set) => ({
  open: false,
  layout: null,
  colorBy: 'score',
  selection: null,
  progress: null,
  set: (s) => set(s),
}));

/** Open the map, laying it out first when this dataset has none yet (or `again`). */
export async function openMap(datasetId: string, again = false): Promise<void> {
  const { layout, progress } = useMap.getState();
  useMap.setState({ open: true });
  if (progress || (layout?.datasetId === datasetId && !again)) return;
  useMap.setState({ progress: { done: 0, total: 1 }, selection: null });
  try {
    const r = await mapDataset(datasetId, (done, total) => useMap.setState({ progress: { done, total } }));
    useMap.setState({ layout: { datasetId, hashes: r.hashes, xy: r.xy, fitted: r.fitted } });
    useUi
      .getState()
      .notify(
        `Mapped ${r.hashes.length.toLocaleString('en-US')} images in ${(r.ms / 1000).toFixed(1)} s (UMAP on ${r.fitted.toLocaleString('en-US')}${r.fitted < r.hashes.length ? ', the others beside their nearest' : ''}${r.embedded ? `; embedded ${r.embedded} images first` : ''}). Drag a box to filter the grid.`,
      );
  } catch (e) {
    useUi.getState().notify(`The map failed: ${(e as Error).message}`, 'error');
  } finally {
    useMap.setState({ progress: null });
  }
}

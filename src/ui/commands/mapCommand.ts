// The embedding map: open it (laying it out the first time), or close it.

import { openMap, useMap } from '../../store/map.ts';
import { needsDataset } from './context.ts';
import { command } from './registry.ts';

export const toggleMap = command({
  id: 'toggle-map',
  label: 'Map: a 2-D layout of the image embeddings (UMAP), coloured by score, status, kind or search; drag a box to filter the grid',
  short: 'Map',
  keys: ['M'],
  group: 'Review',
  perform: async (ctx) => {
    if (useMap.getState().open) return useMap.getState().set({ open: false, selection: null });
    if (!needsDataset(ctx)) return;
    await openMap(ctx.datasetId);
  },
});

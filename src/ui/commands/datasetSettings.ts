import { command } from './registry.ts';
import { needsDataset } from './context.ts';

export const datasetSettings = command({
  id: 'dataset',
  label: 'Rename or delete this dataset…',
  short: '⋯',
  keys: [],
  group: 'Data',
  perform: (ctx) => void (needsDataset(ctx) && ctx.ui().setOverlay('dataset')),
});

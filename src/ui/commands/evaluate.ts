import { command } from './registry.ts';
import { needsDataset } from './context.ts';

export const evaluate = command({
  id: 'evaluate',
  label: 'Evaluate the models on the curated negatives (per type, Winoground)…',
  short: 'Evaluate',
  keys: [],
  group: 'Verify',
  perform: (ctx) => void (needsDataset(ctx) && ctx.ui().setOverlay('evaluate')),
});

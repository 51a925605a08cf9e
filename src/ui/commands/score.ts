import { scoreAndReport } from '../../store/workflows/scoring.ts';
import { command } from './registry.ts';

/** Score every pair with the chosen CLIP models in the scoring worker (again: cancel the run in progress). */
export const score = command({
  id: 'score',
  label: 'Score pairs with CLIP',
  short: 'Score',
  keys: ['s'],
  group: 'Verify',
  perform: (ctx) => void scoreAndReport(ctx.client, ctx.datasetId),
});

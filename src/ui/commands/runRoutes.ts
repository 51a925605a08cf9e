import { ALL_ROUTES, runRoutes as run } from '../../store/workflows/routes.ts';
import { command } from './registry.ts';

/** Repair captions under the cut, caption lone images, make images for lone texts; then score the results. */
export const runRoutes = command({
  id: 'run-routes',
  label: 'Run all preprocessing routes (repair, caption, generate)',
  short: 'Preprocess',
  keys: ['g'],
  group: 'Data',
  perform: (ctx) => run(ctx.client, ctx.datasetId, { routes: ALL_ROUTES, cutOnScreen: ctx.threshold.value }),
});

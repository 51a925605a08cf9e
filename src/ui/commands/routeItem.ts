import { ALL_ROUTES, runRoutes } from '../../store/workflows/routes.ts';
import { command } from './registry.ts';

/** The routes on the multi-selection, or on the focused item when nothing is selected. */
export const routeItem = command({
  id: 'route-item',
  label: 'Preprocess the selected items, or this item (repair, caption or generate, as each needs)',
  short: 'Preprocess item',
  keys: ['G'],
  group: 'Review',
  enabled: (ctx) => !!ctx.item || ctx.marked > 0,
  perform: async (ctx) => {
    const ui = ctx.ui();
    const itemIds = ui.marked.size ? [...ui.marked] : ui.selectedId ? [ui.selectedId] : [];
    if (itemIds.length) await runRoutes(ctx.client, ctx.datasetId, { routes: ALL_ROUTES, cutOnScreen: ctx.threshold.value, itemIds });
  },
});

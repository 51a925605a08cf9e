import { sayWhileSlow } from './context.ts';
import { command } from './registry.ts';

/**
 * Walk back this tab's most recent change to the dataset (all of a bulk command at once); works after a reload too.
 * Refused, with the reason, when the item changed since (another tab decided it again).
 */
export const undo = command({
  id: 'undo',
  label: 'Undo',
  keys: ['Mod+z', 'u'],
  group: 'Review',
  perform: async (ctx) => {
    if (!ctx.datasetId) return;
    const ui = ctx.ui();
    let result: Awaited<ReturnType<typeof ctx.mutate.undo>>;
    try {
      const datasetId = ctx.datasetId;
      result = await sayWhileSlow(ctx, 'Undoing… (a bulk command over many items takes a while; all or none of it is undone)', () =>
        ctx.mutate.undo({ datasetId, by: ui.reviewer }),
      );
    } catch (e) {
      return ui.notify(`Undo: ${(e as Error).message}`, 'error');
    }
    const { items, negatives } = result;
    if (negatives.length) {
      ui.selectNegative(negatives[0].id);
      return ui.notify(`Undone: the ${negatives[0].type} negative is back to ${negatives[0].status}.`);
    }
    if (!items.length) return ui.notify('Nothing to undo in this tab.');
    if (items.length === 1) {
      ui.select(items[0].id);
      ui.notify(`Undone: item ${items[0].seq + 1} is back to ${items[0].status}.`);
    } else ui.notify(`Undone: ${items.length} items are back to what they were before the bulk command.`);
  },
});

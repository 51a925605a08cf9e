import { command } from './registry.ts';

/** Walk back the dataset's most recent change (all of a bulk command at once); works after a reload too. */
export const undo = command({
  id: 'undo',
  label: 'Undo',
  keys: ['Mod+z', 'u'],
  group: 'Review',
  perform: async (ctx) => {
    if (!ctx.datasetId) return;
    const ui = ctx.ui();
    const { items, negatives } = await ctx.mutate.undo({ datasetId: ctx.datasetId, by: ui.reviewer });
    if (negatives.length) {
      ui.selectNegative(negatives[0].id);
      return ui.notify(`Undone: the ${negatives[0].type} negative is back to ${negatives[0].status}.`);
    }
    if (!items.length) return ui.notify('Nothing to undo.');
    if (items.length === 1) {
      ui.select(items[0].id);
      ui.notify(`Undone: item ${items[0].seq + 1} is back to ${items[0].status}.`);
    } else ui.notify(`Undone: ${items.length} items are back to what they were before the bulk command.`);
  },
});

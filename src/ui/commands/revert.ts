import { focusedItem } from './focus.ts';
import { command } from './registry.ts';

/** Back to the original caption (and no generated image): recorded, undoable. */
export const revert = command({
  id: 'revert',
  label: 'Revert to the original caption / image',
  short: 'Revert',
  keys: ['v'],
  group: 'Review',
  enabled: (ctx) => !!ctx.item && (ctx.item.captions.length > 1 || !!ctx.item.extra?.image_provenance),
  perform: async (ctx) => {
    const ui = ctx.ui();
    const item = focusedItem(ctx);
    if (!item) return;
    await ctx.mutate.revert({ item, by: ui.reviewer });
    ui.notify('Reverted to the original. Undo with u.');
  },
});

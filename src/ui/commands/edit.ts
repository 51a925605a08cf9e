import { command } from './registry.ts';

/** Edit the focused item's caption in the detail view (Enter saves, Esc cancels). */
export const edit = command({
  id: 'edit',
  label: 'Edit caption',
  keys: ['e', 'Enter'],
  group: 'Review',
  enabled: (ctx) => !!ctx.item && ctx.item.kind !== 'text',
  perform: (ctx) => ctx.ui().setEditing(true),
});

import { command } from './registry.ts';
import { decidable, decideFocused, moveFocus } from './focus.ts';

/** Accept the focused item (or negative), then move to the next. */
export const accept = command({
  id: 'accept',
  label: 'Accept',
  keys: ['a'],
  group: 'Review',
  enabled: decidable,
  perform: async (ctx) => {
    await decideFocused(ctx, 'accepted');
    moveFocus(ctx, 1);
  },
});

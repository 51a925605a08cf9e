import { command } from './registry.ts';
import { decidable, decideFocused, moveFocus } from './focus.ts';

/** Reject the focused item (or negative), then move to the next. */
export const reject = command({
  id: 'reject',
  label: 'Reject',
  keys: ['r'],
  group: 'Review',
  enabled: decidable,
  perform: async (ctx) => {
    await decideFocused(ctx, 'rejected');
    moveFocus(ctx, 1);
  },
});

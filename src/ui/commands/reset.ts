import { command } from './registry.ts';
import { decideFocused } from './focus.ts';

/** Back to pending: the decision is undone by a new decision, recorded like any other. */
export const reset = command({
  id: 'reset',
  label: 'Mark pending',
  keys: ['p'],
  group: 'Review',
  enabled: (ctx) => (ctx.item ?? ctx.negative)?.status !== undefined && (ctx.item ?? ctx.negative)!.status !== 'pending',
  perform: (ctx) => decideFocused(ctx, 'pending'),
});

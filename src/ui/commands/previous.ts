import { command } from './registry.ts';
import { moveFocus } from './focus.ts';

export const previous = command({ id: 'previous', label: 'Previous item', keys: ['k', 'ArrowLeft'], group: 'Navigate', perform: (ctx) => moveFocus(ctx, -1) });

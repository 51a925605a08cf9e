import { command } from './registry.ts';
import { moveFocus } from './focus.ts';

export const next = command({ id: 'next', label: 'Next item', keys: ['j', 'ArrowRight'], group: 'Navigate', perform: (ctx) => moveFocus(ctx, 1) });

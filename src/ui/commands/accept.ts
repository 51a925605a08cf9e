import { decidable, decideThenNext } from './focus.ts';
import { command } from './registry.ts';

/** Accept the focused item (or negative), then move to the next. */
export const accept = command({ id: 'accept', label: 'Accept', keys: ['a'], group: 'Review', enabled: decidable, perform: decideThenNext('accepted') });

import { decidable, decideThenNext } from './focus.ts';
import { command } from './registry.ts';

/** Reject the focused item (or negative), then move to the next. */
export const reject = command({ id: 'reject', label: 'Reject', keys: ['r'], group: 'Review', enabled: decidable, perform: decideThenNext('rejected') });

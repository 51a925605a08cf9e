import { command } from './registry.ts';

export const showNegatives = command({
  id: 'negatives',
  label: 'Hard negatives screen (again: back to the items)',
  short: 'Negatives',
  keys: ['h'],
  group: 'Data',
  perform: (ctx) => ctx.ui().setScreen(ctx.ui().screen === 'negatives' ? 'pairs' : 'negatives'),
});

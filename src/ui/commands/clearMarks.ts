import { command } from './registry.ts';

export const clearMarks = command({
  id: 'clear-marks',
  label: 'Clear the selection',
  short: 'Clear selection',
  keys: ['Escape'],
  group: 'Navigate',
  enabled: (ctx) => ctx.marked > 0,
  perform: (ctx) => ctx.ui().clearMarks(),
});

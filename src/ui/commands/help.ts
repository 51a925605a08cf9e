import { command } from './registry.ts';

export const help = command({
  id: 'help',
  label: 'Keyboard shortcuts',
  short: '?',
  keys: ['?'],
  group: 'Help',
  perform: (ctx) => ctx.ui().setOverlay(ctx.ui().overlay === 'help' ? null : 'help'),
});

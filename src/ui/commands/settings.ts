import { command } from './registry.ts';

export const settings = command({
  id: 'settings',
  label: 'Settings (models, backend)',
  short: 'Settings',
  keys: [','],
  group: 'Help',
  perform: (ctx) => ctx.ui().setOverlay('settings'),
});

import { command } from './registry.ts';

export const openImport = command({
  id: 'import',
  label: 'Import files…',
  short: 'Import',
  keys: ['i'],
  group: 'Data',
  perform: (ctx) => ctx.ui().setOverlay('import'),
});

import { downloadAccepted } from '../../store/workflows/downloads.ts';
import { command } from './registry.ts';

/** The accepted pairs as this app's dataset folder, zipped and downloaded. */
export const exportAccepted = command({
  id: 'export',
  label: 'Export accepted pairs (zip)',
  short: 'Export',
  keys: [],
  group: 'Data',
  perform: (ctx) => void downloadAccepted(ctx.dataset),
});

import { command } from './registry.ts';
import { needsDataset } from './context.ts';

export const exportTraining = command({
  id: 'export-training',
  label: 'Export a training set (JSONL, OpenCLIP, NegCLIP, WebDataset, imagefolder, Parquet)…',
  short: 'Training set',
  keys: [],
  group: 'Data',
  perform: (ctx) => void (needsDataset(ctx) && ctx.ui().setOverlay('export')),
});

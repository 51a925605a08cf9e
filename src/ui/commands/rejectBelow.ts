import { command } from './registry.ts';
import { hasScores } from './context.ts';
import { decideAtCut } from './atCut.ts';

export const rejectBelow = command({
  id: 'reject-below',
  label: 'Reject all pending pairs below the cut',
  short: 'Reject all < cut',
  keys: ['R'],
  group: 'Verify',
  enabled: hasScores,
  perform: (ctx) => decideAtCut(ctx, 'rejected'),
});

import { command } from './registry.ts';
import { hasScores } from './context.ts';
import { decideAtCut } from './atCut.ts';

export const acceptAbove = command({
  id: 'accept-above',
  label: 'Accept all pending pairs at or above the cut',
  short: 'Accept all ≥ cut',
  keys: ['A'],
  group: 'Verify',
  enabled: hasScores,
  perform: (ctx) => decideAtCut(ctx, 'accepted'),
});

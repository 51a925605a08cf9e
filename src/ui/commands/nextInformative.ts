import { nearestKept } from '../../core/curation/threshold.ts';
import { command } from './registry.ts';
import { hasScores } from './context.ts';

/** The undecided pair closest to the cut: the decision that teaches the calibration most. */
export const nextInformative = command({
  id: 'next-informative',
  label: 'Next most informative pair (undecided, closest to the cut)',
  short: 'Next at cut',
  keys: ['n'],
  group: 'Verify',
  enabled: hasScores,
  perform: (ctx) => {
    const next = nearestKept(ctx.threshold.pending, ctx.threshold.value);
    if (!next) return ctx.ui().notify('Every scored pair is decided.');
    ctx.ui().select(next.id);
  },
});

import { countAtThreshold, wilson } from '../../core/curation/threshold.ts';
import { curveAt } from '../../core/curation/view.ts';
import { useCuration } from '../../store/curation.ts';
import { command } from './registry.ts';
import { hasScores } from './context.ts';

/** Save the cut where it stands and approve it, with the evidence of this moment (counts, precision, recall). */
export const approveCut = command({
  id: 'approve-cut',
  label: 'Approve the current cut',
  short: 'Approve cut',
  keys: [],
  group: 'Verify',
  enabled: hasScores,
  perform: async (ctx) => {
    if (!ctx.datasetId) return;
    const { model, mode, topFraction } = useCuration.getState();
    const { value, labels, curve, sorted } = ctx.threshold;
    const at = curveAt(curve, value);
    const counts = countAtThreshold(sorted, value);
    const approved = await ctx.mutate.approveCut({
      datasetId: ctx.datasetId,
      change: { model, value, mode, topFraction },
      by: ctx.ui().reviewer,
      evidence: {
        ...counts,
        decisions: labels.length,
        accepted: labels.filter((l) => l.accepted).length,
        ...(at ? { precision: at.precision, recall: at.recall, precisionInterval: wilson(at.tp, at.tp + at.fp) } : {}),
      },
    });
    ctx.ui().notify(`Cut ${value.toFixed(3)} (${approved.model}) approved by ${approved.approval!.by}: keeps ${counts.kept}, drops ${counts.dropped}.`);
  },
});

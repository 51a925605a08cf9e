// Deciding every pending pair on one side of the cut at once: one batch in the audit log, so one undo walks it back.

import { useCuration } from '../../store/curation.ts';
import { type CommandContext, sayWhileSlow } from './context.ts';

export async function decideAtCut(ctx: CommandContext, status: 'accepted' | 'rejected'): Promise<void> {
  if (!ctx.datasetId) return;
  const ui = ctx.ui();
  const t = ctx.threshold.value;
  const model = useCuration.getState().model;
  const datasetId = ctx.datasetId;
  const items = ctx.threshold.pairs.filter((p) => (status === 'accepted' ? p.score >= t : p.score < t)).map((p) => ({ id: p.id, seq: p.seq, datasetId }));
  const label = `${status === 'accepted' ? 'accept all ≥' : 'reject all <'} ${t.toFixed(3)} (${model})`;
  const { changed, skipped } = await sayWhileSlow(
    ctx,
    `${status === 'accepted' ? 'Accepting' : 'Rejecting'} up to ${items.length.toLocaleString('en-US')} pairs ${status === 'accepted' ? 'at or above' : 'below'} ${t.toFixed(3)}… (all or none: a reload before the end keeps none of it)`,
    () => ctx.mutate.bulkDecide({ datasetId, items, status, by: ui.reviewer, label }),
  );
  ui.notify(
    `${status === 'accepted' ? 'Accepted' : 'Rejected'} ${changed.length} pairs ${status === 'accepted' ? 'at or above' : 'below'} ${t.toFixed(3)}; ${skipped} decided by a reviewer (or already so) were left as they were. Undo with u.`,
  );
}

// Near-duplicate commands: find the clusters, pick the copy to keep in the focused item's cluster, and keep one per
// cluster (the pick, or the best scoring) while rejecting the rest (one undo walks it back).

import { keepOnePerCluster, NEAR_DUPLICATE_LABEL } from '../../core/search/dedup.ts';
import { useCuration } from '../../store/curation.ts';
import { findNearDuplicates, useDedup } from '../../store/dedup.ts';
import { useSearch } from '../../store/search.ts';
import { needsDataset, sayWhileSlow } from './context.ts';
import { command } from './registry.ts';

export const findDuplicates = command({
  id: 'find-near-duplicates',
  label: 'Find near-duplicates: clusters of near-identical images, largest first, side by side in the grid',
  short: 'Near-duplicates',
  keys: ['D'],
  group: 'Review',
  perform: async (ctx) => {
    if (!needsDataset(ctx)) return;
    useSearch.getState().clear();
    await findNearDuplicates(ctx.datasetId);
  },
});

export const keepThisCopy = command({
  id: 'keep-this-copy',
  label: "Keep this one: the focused image is its near-duplicate cluster's pick",
  short: 'Keep this copy',
  keys: ['K'],
  group: 'Review',
  enabled: (ctx) => !!ctx.item?.imageHash && !!useDedup.getState().clusterOf?.has(ctx.item.imageHash),
  perform: (ctx) => {
    if (ctx.item?.imageHash) useDedup.getState().pick(ctx.item.imageHash);
  },
});

export const keepOnePerDuplicateCluster = command({
  id: 'keep-one-per-cluster',
  label: 'Keep one per near-duplicate cluster (your pick, else the best scoring) and reject the rest (one undo walks it back)',
  short: 'Keep one per cluster',
  keys: [],
  group: 'Review',
  enabled: () => !!useDedup.getState().clusters?.length,
  perform: async (ctx) => {
    const { clusters, picks, threshold } = useDedup.getState();
    if (!ctx.datasetId || !clusters?.length) return;
    const ui = ctx.ui();
    const model = useCuration.getState().model;
    const best = new Map<string, number>();
    for (const i of ctx.visible) {
      const s = i.scores?.[model];
      if (i.imageHash && typeof s === 'number') best.set(i.imageHash, Math.max(s, best.get(i.imageHash) ?? Number.NEGATIVE_INFINITY));
    }
    const { reject } = keepOnePerCluster(clusters, (h) => best.get(h), picks);
    const rejected = new Set(reject);
    const items = ctx.visible.filter((i) => i.imageHash && rejected.has(i.imageHash));
    const datasetId = ctx.datasetId;
    const { changed, skipped } = await sayWhileSlow(ctx, `Rejecting up to ${items.length.toLocaleString('en-US')} near-duplicates… (all or none)`, () =>
      ctx.mutate.bulkDecide({
        datasetId,
        items,
        status: 'rejected',
        by: ui.reviewer,
        label: `${NEAR_DUPLICATE_LABEL} (cosine ≥ ${threshold}, ${clusters.length} clusters)`,
      }),
    );
    ui.notify(
      `Kept one image in each of ${clusters.length} near-duplicate clusters and rejected ${changed.length} item(s)${skipped ? `; ${skipped} decided by a reviewer (or already rejected) were left as they were` : ''}. Undo with u.`,
    );
  },
});

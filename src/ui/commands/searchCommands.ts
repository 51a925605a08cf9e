// Search commands: "more like this" on the selected item, and accepting the best 50 results at once (one undo).

import { runSearch, useSearch } from '../../store/search.ts';
import { command } from './registry.ts';

export const moreLikeThis = command({
  id: 'more-like-this',
  label: 'More like this: rank the grid by similarity to the selected image',
  short: 'More like this',
  keys: ['m'],
  group: 'Review',
  enabled: (ctx) => !!ctx.item?.imageHash,
  perform: async (ctx) => {
    const item = ctx.item;
    if (!ctx.datasetId || !item?.imageHash) return ctx.ui().notify('Select an item with an image first.');
    await runSearch(ctx.datasetId, { imageHash: item.imageHash, seq: item.seq });
  },
});

export const TOP_RESULTS = 50;

export const acceptTopResults = command({
  id: 'accept-top-results',
  label: `Accept the top ${TOP_RESULTS} search results that are still pending (one undo walks it back)`,
  short: `Accept top ${TOP_RESULTS}`,
  keys: [],
  group: 'Review',
  enabled: () => !!useSearch.getState().scores,
  perform: async (ctx) => {
    const { label, scores } = useSearch.getState();
    if (!ctx.datasetId || !scores) return;
    const ui = ctx.ui();
    // The grid's order is the ranking (filters applied): the first 50 of it.
    const items = ctx.visible.slice(0, TOP_RESULTS);
    const { changed, skipped } = await ctx.mutate.bulkDecide({
      datasetId: ctx.datasetId,
      items,
      status: 'accepted',
      by: ui.reviewer,
      label: `accept the top ${TOP_RESULTS} for ${label}`,
    });
    ui.notify(
      `Accepted ${changed.length} of the top ${items.length} for ${label}; ${skipped} decided by a reviewer (or already so) were left as they were. Undo with u.`,
    );
  },
});

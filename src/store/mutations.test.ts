// Mutations run by commands (not components) must not stay in the mutation cache with what they carried.

import 'fake-indexeddb/auto';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { putItems } from '../persist/items.ts';
import { pendingPairs } from '../persist/testItems.ts';
import { bulkDecide, undoLast } from '../persist/repo.ts';
import type { BulkDecideRequest, UndoRequest } from '../worker/decisionsProtocol.ts';
import { db } from './database.ts';
import { keys } from './keys.ts';
import { mutations } from './mutations.ts';

// Node has no decisions worker: its two calls run the same repository functions here.
vi.mock('./decisionsClient.ts', () => ({
  bulkDecideInWorker: (r: BulkDecideRequest) => bulkDecide(db, r.datasetId, r.items, r.status, r.by, r.label, r.tab),
  undoInWorker: async (r: UndoRequest) => ({ items: await undoLast(db, r.datasetId, r.by, undefined, r.tab), negatives: [] }),
}));

describe('mutations run by commands', () => {
  it('leave nothing in the mutation cache once settled, and put a bulk command’s decisions on the cached items', async () => {
    const client = new QueryClient();
    const items = pendingPairs('md', 3, 'm');
    await putItems(db, items);
    client.setQueryData(keys.items('md'), items);
    const run = mutations(client);
    const { changed } = await run.bulkDecide({ datasetId: 'md', items, status: 'accepted', by: 'ana', label: 'accept all' });
    expect(changed).toHaveLength(3);
    const shown = client.getQueryData<typeof items>(keys.items('md'))!;
    expect(shown.map((i) => i.status)).toEqual(['accepted', 'accepted', 'accepted']);
    // The rest of each cached item is the same object: only the decision is new.
    expect(shown.map((i, k) => i.captions === items[k].captions)).toEqual([true, true, true]);
    await run.undo({ datasetId: 'md', by: 'ana' });
    expect(client.getQueryData<typeof items>(keys.items('md'))!.map((i) => [i.status, 'decision' in i])).toEqual(Array(3).fill(['pending', false]));
    // gcTime 0 removes a mutation on a timer of 0 once no observer holds it.
    await new Promise((r) => setTimeout(r, 5));
    expect(client.getMutationCache().getAll()).toHaveLength(0);
  });
});

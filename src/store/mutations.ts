// Every write a reviewer makes, as a TanStack Query mutation that owns its cache update: the change is written to
// IndexedDB first, and only then shown. Components use the hooks; commands (which are not components) run the same
// mutations through `mutations(client)`.

import { MutationObserver, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Cut, CutEvidence, Dataset, DecisionChange, Item, ReviewStatus, SavedChange } from '../core/model.ts';
import type { Negative } from '../core/negatives/types.ts';
import { deleteDataset, renameDataset, type DeleteSummary } from '../persist/datasets.ts';
import { decideNegative } from '../persist/negatives.ts';
import { currentHistoryTab } from '../persist/db.ts';
import { approveCut, createDataset, decide, editCaption, type ItemRef, moveCut, refOf, revertItem } from '../persist/repo.ts';
import { bulkDecideInWorker, undoInWorker } from './decisionsClient.ts';
import { db } from './database.ts';
import { keys } from './queries.ts';
import { withReplaced } from './itemLists.ts';
import { announce } from './tabs.ts';

/** Replace the changed items (or put the saved decisions on them) in the cached lists. */
function showSavedItems(client: QueryClient, changed: SavedChange[]) {
  if (!changed.length) return;
  const datasetId = changed[0].datasetId;
  const replace = (items: Item[] | undefined) => withReplaced(items, changed);
  client.setQueryData<Item[]>(keys.firstItems(datasetId), replace);
  // While the full list is still loading it may have been read before this change: read it again.
  if (client.getQueryData(keys.items(datasetId))) client.setQueryData<Item[]>(keys.items(datasetId), replace);
  else void client.invalidateQueries({ queryKey: keys.items(datasetId), exact: true });
  for (const i of changed.slice(0, 50)) void client.invalidateQueries({ queryKey: keys.history(i.id) });
  announce({ what: 'items', datasetId, ...(changed.length <= 500 ? { items: changed.map(refOf) } : {}) });
}

function showSavedNegatives(client: QueryClient, changed: Negative[]) {
  if (!changed.length) return;
  const byId = new Map(changed.map((n) => [n.id, n]));
  client.setQueryData<Negative[]>(keys.negatives(changed[0].datasetId), (list) => list?.map((n) => byId.get(n.id) ?? n));
  announce({ what: 'negatives', datasetId: changed[0].datasetId });
}

function showSavedCut(client: QueryClient, cut: Cut) {
  client.setQueryData(keys.cut(cut.datasetId), cut);
  announce({ what: 'cut', datasetId: cut.datasetId });
}

interface MutationDef<V, R> {
  mutationKey: readonly unknown[];
  mutationFn: (vars: V) => Promise<R>;
  onSuccess: (result: R, vars: V) => void;
}

type CutChange = { model: string; value: number; mode: Cut['mode']; topFraction?: number };

/** The mutations, defined once: what each writes and how the cache shows it. */
const definitions = (client: QueryClient) => ({
  decide: {
    mutationKey: ['decide'],
    mutationFn: (v: { item: ItemRef; status: ReviewStatus; by: string }) => decide(db, v.item, v.status, v.by),
    onSuccess: (item: Item) => showSavedItems(client, [item]),
  } satisfies MutationDef<{ item: ItemRef; status: ReviewStatus; by: string }, Item>,
  decideNegative: {
    mutationKey: ['decide-negative'],
    mutationFn: (v: { negativeId: string; status: ReviewStatus; by: string }) => decideNegative(db, v.negativeId, v.status, v.by),
    onSuccess: (n: Negative) => showSavedNegatives(client, [n]),
  } satisfies MutationDef<{ negativeId: string; status: ReviewStatus; by: string }, Negative>,
  bulkDecide: {
    mutationKey: ['bulk-decide'],
    // In the decisions worker: the pages it goes through are garbage there, not next to the page's cached items.
    mutationFn: (v: { datasetId: string; items: ItemRef[]; status: 'accepted' | 'rejected'; by: string; label: string }) =>
      bulkDecideInWorker({ ...v, tab: currentHistoryTab() }),
    onSuccess: (r: { changed: DecisionChange[]; skipped: number }) => showSavedItems(client, r.changed),
  } satisfies MutationDef<
    { datasetId: string; items: ItemRef[]; status: 'accepted' | 'rejected'; by: string; label: string },
    { changed: DecisionChange[]; skipped: number }
  >,
  undo: {
    mutationKey: ['undo'],
    // In the decisions worker too: an undo may walk back a bulk command.
    mutationFn: (v: { datasetId: string; by: string }) => undoInWorker({ ...v, tab: currentHistoryTab() }),
    onSuccess: (r: { items: SavedChange[]; negatives: Negative[] }) => {
      showSavedItems(client, r.items);
      showSavedNegatives(client, r.negatives);
    },
  } satisfies MutationDef<{ datasetId: string; by: string }, { items: SavedChange[]; negatives: Negative[] }>,
  editCaption: {
    mutationKey: ['edit-caption'],
    mutationFn: (v: { item: ItemRef; text: string; by: string; expected?: string }) => editCaption(db, v.item, v.text, v.by, v.expected),
    onSuccess: (item: Item) => showSavedItems(client, [item]),
  } satisfies MutationDef<{ item: ItemRef; text: string; by: string; expected?: string }, Item>,
  revert: {
    mutationKey: ['revert'],
    mutationFn: (v: { item: ItemRef; by: string }) => revertItem(db, v.item, v.by),
    onSuccess: (item: Item) => showSavedItems(client, [item]),
  } satisfies MutationDef<{ item: ItemRef; by: string }, Item>,
  moveCut: {
    mutationKey: ['move-cut'],
    mutationFn: (v: { datasetId: string; change: CutChange; by: string }) => moveCut(db, v.datasetId, v.change, v.by),
    onSuccess: (cut: Cut) => showSavedCut(client, cut),
  } satisfies MutationDef<{ datasetId: string; change: CutChange; by: string }, Cut>,
  /** Save the cut where it stands, then approve it with the evidence of this moment. */
  approveCut: {
    mutationKey: ['approve-cut'],
    mutationFn: async (v: { datasetId: string; change: CutChange; by: string; evidence: CutEvidence }) => {
      await moveCut(db, v.datasetId, v.change, v.by);
      return approveCut(db, v.datasetId, v.by, v.evidence);
    },
    onSuccess: (cut: Cut) => showSavedCut(client, cut),
  } satisfies MutationDef<{ datasetId: string; change: CutChange; by: string; evidence: CutEvidence }, Cut>,
  renameDataset: {
    mutationKey: ['rename-dataset'],
    mutationFn: (v: { datasetId: string; name: string }) => renameDataset(db, v.datasetId, v.name),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.datasets() });
      announce({ what: 'datasets' });
    },
  } satisfies MutationDef<{ datasetId: string; name: string }, void>,
  /** Everything of the dataset goes; its cached reads are dropped, not refetched. */
  deleteDataset: {
    mutationKey: ['delete-dataset'],
    mutationFn: (v: { datasetId: string }) => deleteDataset(db, v.datasetId),
    onSuccess: (_r: DeleteSummary, v: { datasetId: string }) => {
      for (const key of [keys.items(v.datasetId), keys.negatives(v.datasetId), keys.reports(v.datasetId), keys.cut(v.datasetId)])
        client.removeQueries({ queryKey: key });
      void client.invalidateQueries({ queryKey: keys.datasets() });
      announce({ what: 'datasets' });
    },
  } satisfies MutationDef<{ datasetId: string }, DeleteSummary>,
  createDataset: {
    mutationKey: ['create-dataset'],
    mutationFn: (v: { name: string }) => createDataset(db, v.name),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.datasets() }),
  } satisfies MutationDef<{ name: string }, Dataset>,
});

type Definitions = ReturnType<typeof definitions>;
export type Mutations = {
  [K in keyof Definitions]: (vars: Parameters<Definitions[K]['mutationFn']>[0]) => Promise<Awaited<ReturnType<Definitions[K]['mutationFn']>>>;
};

/** The mutations as plain async functions, for commands and workflows; each runs through the client's mutation cache. */
export function mutations(client: QueryClient): Mutations {
  const defs = definitions(client) as Record<string, MutationDef<unknown, unknown>>;
  return Object.fromEntries(
    Object.entries(defs).map(([name, def]) => [
      name,
      async (vars: unknown) => {
        // An observer that nothing subscribes to stays attached to its mutation, and the mutation cache keeps a
        // mutation with an observer for good: its variables and result (a bulk command's half a million items) with
        // it. Detached once settled, it goes (gcTime 0).
        const observer = new MutationObserver(client, { ...def, gcTime: 0 });
        try {
          return await observer.mutate(vars);
        } finally {
          observer.reset();
        }
      },
    ]),
  ) as Mutations;
}

function useDefinition<K extends keyof Definitions>(name: K) {
  const client = useQueryClient();
  // Nothing reads the mutation cache: a mutation goes as soon as its component lets it go.
  return useMutation({ ...definitions(client)[name], gcTime: 0 } as unknown as MutationDef<
    Parameters<Definitions[K]['mutationFn']>[0],
    Awaited<ReturnType<Definitions[K]['mutationFn']>>
  >);
}

export const useDecide = () => useDefinition('decide');
export const useDecideNegative = () => useDefinition('decideNegative');
export const useBulkDecide = () => useDefinition('bulkDecide');
export const useUndo = () => useDefinition('undo');
export const useEditCaption = () => useDefinition('editCaption');
export const useRevert = () => useDefinition('revert');
export const useMoveCut = () => useDefinition('moveCut');
export const useApproveCut = () => useDefinition('approveCut');
export const useCreateDataset = () => useDefinition('createDataset');
export const useRenameDataset = () => useDefinition('renameDataset');
export const useDeleteDataset = () => useDefinition('deleteDataset');

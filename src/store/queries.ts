// Reads from IndexedDB through react-query; every query key is made here, in one factory.

import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { Item } from '../core/model.ts';
import { create } from 'zustand';
import { importReports, interruptedImports } from '../persist/imports.ts';
import { imageRecord } from '../persist/images.ts';
import { loadNegatives } from '../persist/negatives.ts';
import { itemHistory, listDatasets, loadCut, loadFirstItems, loadItems } from '../persist/repo.ts';
import { db } from './database.ts';
import { keys } from './keys.ts';
import { announce } from './tabs.ts';

export { keys };

export function useDatasets() {
  return useQuery({ queryKey: keys.datasets(), queryFn: () => listDatasets(db) });
}

/** How many items of a dataset the running read of its whole list has read so far (a large one takes seconds). */
export const useItemsRead = create<{ datasetId: string | null; read: number }>(() => ({ datasetId: null, read: 0 }));

export function useItems(datasetId: string | null, enabled = true) {
  return useQuery({
    queryKey: keys.items(datasetId ?? ''),
    queryFn: () => {
      useItemsRead.setState({ datasetId, read: 0 });
      return loadItems(db, datasetId!, (read) => useItemsRead.setState({ datasetId, read }));
    },
    enabled: !!datasetId && enabled,
    staleTime: Infinity,
  });
}

/** A first screenful, read while useItems loads everything: large datasets paint at once. */
export function useFirstItems(datasetId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: keys.firstItems(datasetId ?? ''),
    queryFn: () => loadFirstItems(db, datasetId!, 200),
    enabled: !!datasetId && enabled,
    staleTime: 0,
  });
}

export function useNegativeList(datasetId: string | null, enabled = true) {
  return useQuery({
    queryKey: keys.negatives(datasetId ?? ''),
    queryFn: () => loadNegatives(db, datasetId!),
    enabled: !!datasetId && enabled,
    staleTime: Infinity,
  });
}

/** Whether a Web Lock is held in any tab of this origin (an import job's lock: the job is alive). */
async function lockHeld(name: string): Promise<boolean> {
  if (typeof navigator === 'undefined' || !navigator.locks) return true;
  const state = await navigator.locks.query();
  return !!state.held?.some((l) => l.name === name);
}

/** Imports of the open dataset that a crash or a closed tab cut short (resume by importing the same files, or discard). */
export function useInterruptedImports(datasetId: string | null) {
  return useQuery({
    queryKey: [...keys.reports(datasetId ?? ''), 'interrupted'],
    queryFn: () => interruptedImports(db, datasetId!, lockHeld),
    enabled: !!datasetId,
  });
}

export function useImportReports(datasetId: string | null) {
  return useQuery({ queryKey: keys.reports(datasetId ?? ''), queryFn: () => importReports(db, datasetId!), enabled: !!datasetId });
}

export function useImageBlob(hash: string | undefined) {
  return useQuery({
    queryKey: keys.image(hash ?? ''),
    queryFn: async () => (await imageRecord(db, hash!)) ?? null,
    enabled: !!hash,
    staleTime: Infinity,
    gcTime: 30_000,
  });
}

export function useItemHistory(item: Pick<Item, 'id' | 'datasetId' | 'seq'> | undefined) {
  return useQuery({ queryKey: keys.history(item?.id ?? ''), queryFn: () => itemHistory(db, item!), enabled: !!item });
}

/** The dataset's saved cut (null when none was ever set). */
export function useCut(datasetId: string | null) {
  return useQuery({ queryKey: keys.cut(datasetId ?? ''), queryFn: async () => (await loadCut(db, datasetId!)) ?? null, enabled: !!datasetId });
}

/** After work in a worker changed a dataset (an import, scores, generated captions): read it again. */
export async function refreshDataset(client: QueryClient, datasetId: string) {
  announce({ what: 'datasets' });
  announce({ what: 'items', datasetId });
  announce({ what: 'reports', datasetId });
  await client.invalidateQueries({ queryKey: keys.datasets() });
  await client.invalidateQueries({ queryKey: keys.items(datasetId) });
  await client.invalidateQueries({ queryKey: keys.reports(datasetId) });
}

export async function refreshItems(client: QueryClient, datasetId: string) {
  announce({ what: 'items', datasetId });
  await client.invalidateQueries({ queryKey: keys.items(datasetId) });
}

export async function refreshNegatives(client: QueryClient, datasetId: string) {
  announce({ what: 'negatives', datasetId });
  await client.invalidateQueries({ queryKey: keys.negatives(datasetId) });
}

/** A dataset's items for work that needs all of them (the cached list when there is one). */
export function fetchItems(client: QueryClient, datasetId: string) {
  return client.ensureQueryData({ queryKey: keys.items(datasetId), queryFn: () => loadItems(db, datasetId) });
}

/** A dataset's negatives, read fresh (they change in the worker). */
export function fetchNegatives(client: QueryClient, datasetId: string) {
  return client.fetchQuery({ queryKey: keys.negatives(datasetId), queryFn: () => loadNegatives(db, datasetId) });
}

export function fetchImportReports(client: QueryClient, datasetId: string) {
  return client.fetchQuery({ queryKey: keys.reports(datasetId), queryFn: () => importReports(db, datasetId) });
}

// Reads from IndexedDB through react-query; every query key is made here.

import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { Item } from '../core/model.ts';
import { db } from './database.ts';
import { itemHistory, listDatasets, loadFirstItems, loadItems } from '../persist/repo.ts';
import { imageRecord, thumbnailBlob } from '../persist/images.ts';
import { loadNegatives } from '../persist/negatives.ts';
import { importReports } from '../persist/imports.ts';
import type { Negative } from '../core/negatives/types.ts';

export const keys = {
  datasets: () => ['datasets'] as const,
  items: (datasetId: string) => ['items', datasetId] as const,
  firstItems: (datasetId: string) => ['items', datasetId, 'first'] as const,
  reports: (datasetId: string) => ['reports', datasetId] as const,
  thumb: (hash: string) => ['thumb', hash] as const,
  image: (hash: string) => ['image', hash] as const,
  history: (itemId: string) => ['history', itemId] as const,
  negatives: (datasetId: string) => ['negatives', datasetId] as const,
};

export function useNegativeList(datasetId: string | null, enabled = true) {
  return useQuery({ queryKey: keys.negatives(datasetId ?? ''), queryFn: () => loadNegatives(db, datasetId!), enabled: !!datasetId && enabled, staleTime: Infinity });
}

/** After a negative's decision is written, show it. */
export function showSavedNegatives(client: QueryClient, changed: Negative[]) {
  if (!changed.length) return;
  const byId = new Map(changed.map((n) => [n.id, n]));
  client.setQueryData<Negative[]>(keys.negatives(changed[0].datasetId), (list) => list?.map((n) => byId.get(n.id) ?? n));
}

export function useDatasets() {
  return useQuery({ queryKey: keys.datasets(), queryFn: () => listDatasets(db) });
}

export function useItems(datasetId: string | null, enabled = true) {
  return useQuery({ queryKey: keys.items(datasetId ?? ''), queryFn: () => loadItems(db, datasetId!), enabled: !!datasetId && enabled, staleTime: Infinity });
}

/** A first screenful, read while useItems loads everything: large datasets paint at once. */
export function useFirstItems(datasetId: string | null, enabled: boolean) {
  return useQuery({ queryKey: keys.firstItems(datasetId ?? ''), queryFn: () => loadFirstItems(db, datasetId!, 200), enabled: !!datasetId && enabled, staleTime: 0 });
}

export function useImportReports(datasetId: string | null) {
  return useQuery({ queryKey: keys.reports(datasetId ?? ''), queryFn: () => importReports(db, datasetId!), enabled: !!datasetId });
}

export function useThumb(hash: string | undefined) {
  return useQuery({ queryKey: keys.thumb(hash ?? ''), queryFn: () => thumbnailBlob(db, hash!), enabled: !!hash, staleTime: Infinity });
}

export function useImageBlob(hash: string | undefined) {
  return useQuery({ queryKey: keys.image(hash ?? ''), queryFn: async () => (await imageRecord(db, hash!)) ?? null, enabled: !!hash, staleTime: Infinity, gcTime: 30_000 });
}

export function useItemHistory(itemId: string | undefined) {
  return useQuery({ queryKey: keys.history(itemId ?? ''), queryFn: () => itemHistory(db, itemId!), enabled: !!itemId });
}

/** After a command has been written to IndexedDB, show it: replace the changed items in the cached list. */
export function showSavedItems(client: QueryClient, changed: Item[]) {
  if (!changed.length) return;
  const byId = new Map(changed.map((i) => [i.id, i]));
  const datasetId = changed[0].datasetId;
  const replace = (items: Item[] | undefined) => items?.map((i) => byId.get(i.id) ?? i);
  client.setQueryData<Item[]>(keys.firstItems(datasetId), replace);
  // While the full list is still loading it may have been read before this change: read it again.
  if (client.getQueryData(keys.items(datasetId))) client.setQueryData<Item[]>(keys.items(datasetId), replace);
  else void client.invalidateQueries({ queryKey: keys.items(datasetId), exact: true });
  for (const i of changed.slice(0, 50)) void client.invalidateQueries({ queryKey: keys.history(i.id) });
}

export function showSavedItem(client: QueryClient, item: Item) {
  showSavedItems(client, [item]);
}

// Tabs on the same data see each other's changes: every write this tab makes (a decision, an edit, the cut, work a
// worker finished) is announced on a BroadcastChannel, and the other tabs read what changed again.

import type { QueryClient } from '@tanstack/react-query';
import type { Item } from '../core/model.ts';
import { setHistoryTab } from '../persist/db.ts';
import { getItems, type ItemRef } from '../persist/repo.ts';
import { db } from './database.ts';
import { withReplaced } from './itemLists.ts';
import { keys } from './keys.ts';

/** What changed; for a few items, which ones and where (the other tabs read just those, not the whole dataset). */
export type Change =
  | { what: 'items'; datasetId: string; items?: ItemRef[] }
  | { what: 'negatives' | 'cut' | 'reports'; datasetId: string }
  | { what: 'datasets' };

const CHANNEL = 'clip-curator:changes';
let channel: BroadcastChannel | undefined;

function open(): BroadcastChannel | undefined {
  if (typeof BroadcastChannel === 'undefined') return undefined;
  channel ??= new BroadcastChannel(CHANNEL);
  return channel;
}

/** Tell the other tabs; this tab has already shown the change. */
export function announce(change: Change): void {
  open()?.postMessage(change);
}

/** This tab's id, kept across reloads of the tab (sessionStorage): undo walks back only what this tab did. */
function tabId(): string {
  let id = sessionStorage.getItem('cc.tab');
  if (!id) sessionStorage.setItem('cc.tab', (id = crypto.randomUUID()));
  return id;
}

/** Read again what another tab changed. Returns the function that stops listening. */
export function listenToOtherTabs(client: QueryClient): () => void {
  setHistoryTab(tabId());
  const ch = open();
  if (!ch) return () => {};
  const onMessage = (e: MessageEvent<Change>) => {
    const c = e.data;
    if (c.what === 'datasets') void client.invalidateQueries({ queryKey: keys.datasets() });
    else if (c.what === 'items' && c.items && client.getQueryData(keys.items(c.datasetId))) void patchItems(client, c.datasetId, c.items);
    else if (c.what === 'items') {
      void client.invalidateQueries({ queryKey: keys.items(c.datasetId) });
      void client.invalidateQueries({ queryKey: ['history'] });
    } else void client.invalidateQueries({ queryKey: [c.what, c.datasetId] });
  };
  ch.addEventListener('message', onMessage);
  return () => ch.removeEventListener('message', onMessage);
}

/** Replace the named items in this tab's lists with their stored versions. */
async function patchItems(client: QueryClient, datasetId: string, refs: ItemRef[]) {
  const fresh = await getItems(db, refs);
  const replace = (items: Item[] | undefined) => withReplaced(items, fresh);
  client.setQueryData<Item[]>(keys.items(datasetId), replace);
  client.setQueryData<Item[]>(keys.firstItems(datasetId), replace);
  for (const { id } of refs) void client.invalidateQueries({ queryKey: keys.history(id) });
}

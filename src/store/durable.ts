// Settings that must survive a crash: written to localStorage (read synchronously at start-up by the stores) and to
// IndexedDB (committed at once). At start-up IndexedDB's values are copied over localStorage's (durableReady), so
// that a write the killed browser never flushed to localStorage is not lost; the stores that read them at load take
// the restored values when it resolves, and the workflows that act on them (resuming negatives, the first-visit
// demo) wait for it.

import { readSettings, writeSetting } from '../persist/kv.ts';
import { db } from './database.ts';

export const DURABLE_KEYS = ['cc.datasetId', 'cc.negativeRun', 'cc.prompts', 'cc.reviewer', 'cc.demoOffered'] as const;
export type DurableKey = (typeof DURABLE_KEYS)[number];

/** Never throws: without IndexedDB the app runs on localStorage alone. */
async function restoreDurable(): Promise<void> {
  if (typeof localStorage === 'undefined') return;
  try {
    const stored = await readSettings(db, DURABLE_KEYS);
    for (const key of DURABLE_KEYS) {
      const value = stored.get(key);
      if (value !== undefined) {
        if (localStorage.getItem(key) !== value) localStorage.setItem(key, value);
      } else if (localStorage.getItem(key) !== null) {
        // Written before this mirror existed: keep it durable from now on.
        await writeSetting(db, key, localStorage.getItem(key));
      }
    }
  } catch (e) {
    console.warn('settings could not be read from IndexedDB; using localStorage only', e);
  }
}

/** Set (or with null, remove) a crash-safe setting. */
export function setDurable(key: DurableKey, value: string | null): void {
  if (value === null) localStorage.removeItem(key);
  else localStorage.setItem(key, value);
  writeSetting(db, key, value).catch((e) => console.warn(`setting ${key} was not stored in IndexedDB`, e));
}

/** Resolves once the crash-safe settings are back in localStorage (started when this module loads). */
export const durableReady: Promise<void> = restoreDurable();

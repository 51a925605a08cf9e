// Small settings kept in IndexedDB, which commits each write at once: localStorage, which Chromium writes to disk a
// moment later, lost the open dataset and the negatives-resume marker when the browser was killed.

import type { CuratorDB } from './db.ts';

export async function readSettings(db: CuratorDB, keys: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.kv.bulkGet([...keys]);
  return new Map(rows.filter((r): r is { key: string; value: string } => !!r).map((r) => [r.key, r.value]));
}

/** Store a setting (null removes it). */
export async function writeSetting(db: CuratorDB, key: string, value: string | null): Promise<void> {
  if (value === null) await db.kv.delete(key);
  else await db.kv.put({ key, value });
}

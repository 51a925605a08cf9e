// Thumbnail URLs: one per image however many cells show it, the asks of one turn read together, released a while
// after the last cell goes, and given again (not remade) when a cell comes back before the release is sent.

import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { db } from './database.ts';
import { thumbUrl, watchThumb } from './thumbs.ts';

// A timer of 0 ms set inside a fake timer's callback runs at the next millisecond.
const turn = () => vi.advanceTimersByTimeAsync(1);
/** Until every URL asked for is there (the reads are IndexedDB's, on real time). */
async function answered(hashes: string[]) {
  for (let i = 0; i < 200 && hashes.some((h) => thumbUrl(h) === undefined); i++) {
    await turn();
    await new Promise((r) => setImmediate(r));
  }
}

afterEach(() => vi.useRealTimers());

describe('thumbnail URLs', () => {
  it('asks once per image, reads the asks of one turn together, and releases a while after the last watcher', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await db.thumbs.bulkPut(['h1', 'h2', 'h3'].map((hash) => ({ hash, blob: new Blob([hash], { type: 'image/webp' }) })));
    const reads = vi.spyOn(db.thumbs, 'bulkGet');
    const made = vi.spyOn(URL, 'createObjectURL');
    const revoked = vi.spyOn(URL, 'revokeObjectURL');
    const heard: string[] = [];
    const unwatch = [
      watchThumb('h1', () => heard.push('a')),
      watchThumb('h1', () => heard.push('b')),
      watchThumb('h2', () => heard.push('c')),
      watchThumb('none', () => heard.push('d')),
    ];
    await turn();
    await answered(['h1', 'h2', 'none']);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(reads.mock.calls[0][0]).toEqual(['h1', 'h2', 'none']);
    expect(made).toHaveBeenCalledTimes(2);
    expect(heard.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(thumbUrl('h1')).toMatch(/^blob:/);
    expect(thumbUrl('none')).toBeNull();
    const h1 = thumbUrl('h1');
    // The last watcher of h1 goes: its URL stays for a while, then is released.
    unwatch[0]();
    unwatch[1]();
    await vi.advanceTimersByTimeAsync(29_000);
    expect(thumbUrl('h1')).toBe(h1);
    // The release timer fires (its message goes out at the next turn).
    await vi.advanceTimersToNextTimerAsync();
    expect(thumbUrl('h1')).toBeUndefined();
    // Watched again before the release went out: the same URL comes back, nothing is read or revoked.
    watchThumb('h1', () => {});
    await turn();
    await answered(['h1']);
    expect(thumbUrl('h1')).toBe(h1);
    expect(revoked).not.toHaveBeenCalled();
    expect(made).toHaveBeenCalledTimes(2);
    // h2's last watcher goes and the release goes out: a later watcher gets a new URL.
    unwatch[2]();
    await vi.advanceTimersByTimeAsync(31_000);
    expect(revoked).toHaveBeenCalledTimes(1);
    watchThumb('h2', () => {});
    await turn();
    await answered(['h2']);
    expect(made).toHaveBeenCalledTimes(3);
  });
});

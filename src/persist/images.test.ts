import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CuratorDB } from './db.ts';
import { imageBytes } from './images.ts';

const dbs: CuratorDB[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const db of dbs.splice(0)) await db.delete();
});

async function withImages(images: Record<string, number[]>) {
  const db = new CuratorDB(`images-${Math.random()}`);
  dbs.push(db);
  await db.images.bulkPut(
    Object.entries(images).map(([hash, bytes]) => ({
      hash,
      blob: new Blob([new Uint8Array(bytes)], { type: 'image/png' }),
      mime: 'image/png' as const,
      width: 1,
      height: 1,
    })),
  );
  return db;
}

describe('imageBytes', () => {
  it('reads a batch in one go: each image its own bytes, in the order asked, a missing one named', async () => {
    const db = await withImages({ a: [1, 2, 3], b: [4, 5, 6, 7, 8], c: [9] });
    const read = await imageBytes(db, ['c', 'gone', 'a', 'b']);
    expect(read.map((r) => (r instanceof Error ? r.message : [...r.bytes]))).toEqual([
      [9],
      expect.stringContaining('image gone is missing from the database'),
      [1, 2, 3],
      [4, 5, 6, 7, 8],
    ]);
    expect((read[0] as { type: string }).type).toBe('image/png');
    expect(await imageBytes(db, [])).toEqual([]);
  });

  it('reads each alone when the joined read fails, and only the unreadable one fails', async () => {
    const db = await withImages({ a: [1, 2, 3], b: [4, 5, 6, 7, 8], c: [9, 9, 9, 9, 9, 9, 9] });
    // Seven bytes: c, whose file is gone; fifteen: the three joined.
    const read = Blob.prototype.arrayBuffer;
    vi.spyOn(Blob.prototype, 'arrayBuffer').mockImplementation(function (this: Blob) {
      return this.size === 7 || this.size === 15 ? Promise.reject(new Error('the file could not be read')) : read.call(this);
    });
    const got = await imageBytes(db, ['a', 'c', 'b']);
    expect(got.map((r) => (r instanceof Error ? r.message : [...r.bytes]))).toEqual([
      [1, 2, 3],
      expect.stringMatching(/image c cannot be read from the database \(the file could not be read\)/),
      [4, 5, 6, 7, 8],
    ]);
  });
});

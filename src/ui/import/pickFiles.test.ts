import { describe, expect, it } from 'vitest';
import { listDirectory } from './pickFiles.ts';

/** A folder handle as the File System Access API gives one: each getFile() takes a while (a round trip). */
function fakeFolder(name: string, files: number, subfolders: Record<string, number>, stats: { inFlight: number; most: number }): FileSystemDirectoryHandle {
  const file = (fileName: string) => ({
    kind: 'file',
    name: fileName,
    getFile: async () => {
      stats.most = Math.max(stats.most, ++stats.inFlight);
      await new Promise((r) => setTimeout(r, 2));
      stats.inFlight--;
      return new File([fileName], fileName);
    },
  });
  const children = [
    ...Array.from({ length: files }, (_, i) => [`${i}.png`, file(`${i}.png`)]),
    ...Object.entries(subfolders).map(([sub, n]) => [sub, fakeFolder(sub, n, {}, stats)]),
  ];
  return {
    kind: 'directory',
    name,
    async *entries() {
      yield* children;
    },
  } as unknown as FileSystemDirectoryHandle;
}

describe('listDirectory', () => {
  it('lists every file under the folder, asking for many at once, and counts as it goes', async () => {
    const stats = { inFlight: 0, most: 0 };
    const counts: number[] = [];
    const files = await listDirectory(fakeFolder('photos', 300, { images: 400, empty: 0 }, stats), (n) => counts.push(n));
    expect(files).toHaveLength(700);
    expect(new Set(files.map((f) => f.path))).toEqual(
      new Set([...Array.from({ length: 300 }, (_, i) => `photos/${i}.png`), ...Array.from({ length: 400 }, (_, i) => `photos/images/${i}.png`)]),
    );
    expect((files.find((f) => f.path === 'photos/images/7.png')!.file as File).name).toBe('7.png');
    // At most 64 asked at once, and more than one.
    expect(stats.most).toBe(64);
    expect(counts).toEqual([250, 500]);
  });

  it('fails with the error of a file that cannot be read', async () => {
    const root = fakeFolder('photos', 3, {}, { inFlight: 0, most: 0 });
    const entries = (root as unknown as { entries(): AsyncIterable<[string, unknown]> }).entries.bind(root);
    (root as unknown as { entries: () => AsyncIterable<[string, unknown]> }).entries = async function* () {
      yield* entries();
      yield [
        'gone.png',
        { kind: 'file', name: 'gone.png', getFile: () => Promise.reject(new DOMException('A requested file could not be found', 'NotFoundError')) },
      ];
    };
    await expect(listDirectory(root)).rejects.toThrow(/could not be found/);
  });
});
